# -*- Python -*-
# gtest unit tests, run through lit so that one summary counts everything.
import os
import lit.formats

config.name = "parcheck-unit"
config.suffixes = []
config.test_source_root = config.unittests_dir
config.test_exec_root = config.unittests_dir
config.test_format = lit.formats.GoogleTest(".", "Tests")
