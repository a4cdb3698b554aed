# Prints how many locks of a parcheck runtime JSON report have each acquisition count (and
# contended waits or failed tries), one line per count in increasing order, then the totals.
import collections, json, sys
stats = json.load(open(sys.argv[1]))["stats"]
by_count = collections.Counter(l["acquisitions"] for l in stats["locks"])
for n in sorted(by_count):
    print("acquisitions=%d locks=%d" % (n, by_count[n]))
print("with contended waits or failed tries: %d" % sum(
    1 for l in stats["locks"] if l["contended"] or l["trylock_failures"]))
print("locks listed=%d total=%d" % (stats["locks_listed"], stats["locks_total"]))
