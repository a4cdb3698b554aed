#!/bin/sh
# A symbolizer that dies at once, without an answer.
exit 1
