"""The cross-check of parcheck's samples (tools/parcheck-crosscheck is its command line).

One job per module, in the order a run goes through them:
    kinds.py         the finding kinds (common/parcheck/Kinds.def) and which tool reports each
    expectations.py  a sample's EXPECT / EXPECT-NOT / RUNTIME-OPTIONS directives
    parsing.py       TSan's and the shim's text output -> the finding model; the fingerprint
    running.py       building a sample and running it plainly, under the shim, under TSan, and
                     the static checker over it
    comparing.py     one sample: every tool's findings against its expectations
    printing.py      the text and markdown tables, and the README block
    cli.py           the command line
Python 3 standard library only.
"""
