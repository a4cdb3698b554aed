#!/usr/bin/python3
"""browser-check.py: load a parcheck-report page in headless Chromium and check it.

    browser-check.py baseline REPORT.json LOCK      # print a baseline of the findings on LOCK
    browser-check.py check PAGE.html SCREENSHOT.png # load, check, save a screenshot
    browser-check.py check PAGE.html SCREENSHOT.png --no-graph
                                                    # a page with no lock graph (the checker's)

`check` prints one line per fact it verified, for FileCheck, and fails (exit 1) on the first
fact that does not hold: console errors, the findings with each side's thread and the locks
it holds, the inline SVG graph with its cycle in red, the toggle of baselined findings (and
the findings it shows). Chromium runs with a fresh profile folder, no sandbox
(tests run as root) and nothing that reaches the network.
"""
import json
import os
import shutil
import sys
import tempfile


def baseline(report, lock):
    data = json.load(open(report))
    entries = [{"check": f["check"], "fingerprint": f["fingerprint"], "message": f["message"]}
               for f in data["findings"] if lock in f.get("locks", [])]
    json.dump({"findings": entries, "format": "parcheck-baseline-1", "tool": "parcheck"},
              sys.stdout, indent=2, sort_keys=True)
    print()


def fail(msg):
    print("FAILED: " + msg)
    sys.exit(1)


def print_finding(f):
    """The finding's message, then its sides as shown: each side's title (the thread) and,
    when the page knows them, the locks it holds (and takes)."""
    from selenium.webdriver.common.by import By
    print("finding: " + f.find_element(By.CSS_SELECTOR, ".msg").text)
    shown = []
    for side in f.find_elements(By.CSS_SELECTOR, ".side"):
        text = side.find_element(By.CSS_SELECTOR, "h4").text
        locks = side.find_elements(By.CSS_SELECTOR, ".lockline")
        if locks:
            text += " (%s)" % locks[0].text
        shown.append(text)
    if shown:
        print("  sides: " + " | ".join(shown))


def check(page, shot, graph=True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    profile = tempfile.mkdtemp(prefix="parcheck-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--user-data-dir=" + profile, "--window-size=1280,1600"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    try:
        driver.get("file://" + os.path.abspath(page))
        errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        if errors:
            fail("console errors: %s" % errors)
        print("console errors: 0")

        live = [f for f in driver.find_elements(By.CSS_SELECTOR, ".finding") if f.is_displayed()]
        print("visible findings: %d" % len(live))
        for f in live:
            print_finding(f)
        hl = driver.find_elements(By.CSS_SELECTOR, ".finding tr.hl")
        print("highlighted source lines: %d" % len([h for h in hl if h.is_displayed()]))

        svg = driver.find_elements(By.CSS_SELECTOR, "#graph svg")
        if not graph:
            print("graph: %s" % ("none" if not svg else "present"))
        elif not svg:
            fail("no SVG graph")
        nodes = driver.find_elements(By.CSS_SELECTOR, "#graph svg g.node")
        edges = driver.find_elements(By.CSS_SELECTOR, "#graph svg g.edge")
        red = [e for e in edges
               if e.find_element(By.CSS_SELECTOR, "path").get_attribute("stroke") == "red"]
        if graph:
            print("graph: %d nodes, %d edges, %d red" % (len(nodes), len(edges), len(red)))
        box = svg[0].rect if svg else {"width": 100, "height": 100}
        if box["width"] < 50 or box["height"] < 50:
            fail("graph is not laid out: %s" % box)

        toggle = driver.find_element(By.ID, "toggle-baselined")
        hidden = driver.find_elements(By.CSS_SELECTOR, ".finding.baselined")
        print("baselined findings: %d, shown: %d" % (
            len(hidden), len([f for f in hidden if f.is_displayed()])))
        toggle.click()
        print("after toggle on: shown %d" % len([f for f in hidden if f.is_displayed()]))
        for f in hidden:
            if f.is_displayed():
                print_finding(f)
        driver.save_screenshot(shot)
        # The whole page, not only the window: the window is resized to the document.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(max(height + 100, 800), 8000))
        driver.save_screenshot(shot)
        toggle.click()
        print("after toggle off: shown %d" % len([f for f in hidden if f.is_displayed()]))
        errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        if errors:
            fail("console errors after the toggles: %s" % errors)
        print("screenshot: " + os.path.abspath(shot))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["baseline"]:
        baseline(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["check"]:
        check(sys.argv[2], sys.argv[3], graph="--no-graph" not in sys.argv[4:])
    else:
        sys.exit(__doc__)
