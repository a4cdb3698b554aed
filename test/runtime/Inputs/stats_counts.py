# Prints the statistics of a parcheck runtime JSON report for FileCheck: each lock named on the
# command line (its acquisitions, contended waits and failed trylocks), then how many of the
# other listed locks have contended waits or failed tries, and how many locks were seen.
import json, sys
stats = json.load(open(sys.argv[1]))["stats"]
named = sys.argv[2:]
by_name = {l["name"]: l for l in stats["locks"]}
for n in named:
    l = by_name.get(n)
    if l is None:
        print("lock %s missing" % n)
        continue
    print("lock %s acquisitions=%d contended=%d trylock_failures=%d" % (
        n, l["acquisitions"], l["contended"], l["trylock_failures"]))
others = [l for l in stats["locks"] if l["name"] not in named]
print("other locks with contended waits or failed tries: %d" % sum(
    1 for l in others if l["contended"] or l["trylock_failures"]))
print("locks listed=%d total=%d" % (stats["locks_listed"], stats["locks_total"]))
