#!/bin/sh
# A symbolizer that never answers (it does not read its input either) and does not end by
# itself for a long time: the runtime must give up on it (symbolizer_timeout_ms) and kill it.
exec sleep 1000
