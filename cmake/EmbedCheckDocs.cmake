# Writes OUT: one PARCHECK_CHECK_DOC("<stem>", R"...") line per DOCS_DIR/<stem>.md, so the
# SARIF rules carry the check docs (markdown help) without a hand-kept copy.
# cmake -DDOCS_DIR=<docs/checks> -DOUT=<CheckDocs.inc> -P EmbedCheckDocs.cmake
file(GLOB docs RELATIVE ${DOCS_DIR} ${DOCS_DIR}/*.md)
list(SORT docs)
set(text "// Generated from docs/checks/*.md by cmake/EmbedCheckDocs.cmake; do not edit.\n")
foreach(doc ${docs})
  get_filename_component(stem ${doc} NAME_WE)
  file(READ ${DOCS_DIR}/${doc} body)
  string(FIND "${body}" ")pcdoc\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${doc} contains the raw-string delimiter )pcdoc\"")
  endif()
  string(APPEND text "PARCHECK_CHECK_DOC(\"${stem}\", R\"pcdoc(${body})pcdoc\")\n")
endforeach()
# Rewritten only when it changes, so an unrelated docs edit rebuilds nothing.
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
