# Installation layout and packages. The programs, libraries and CMake function are installed by
# the CMakeLists.txt that builds them; this file adds the documentation, the CMake package
# config (lib/cmake/parcheck) and the CPack .deb.
#
# The layout is an LLVM tool's: bin/ and lib/ side by side under one prefix (parcheck-run finds
# the shim in ../lib), also under /usr in the .deb, so plain lib/ rather than GNUInstallDirs'
# multiarch folder.
include(CMakePackageConfigHelpers)

install(FILES README.md LICENSE.md DESTINATION share/doc/parcheck)
install(DIRECTORY docs/ DESTINATION share/doc/parcheck/docs)

configure_package_config_file(cmake/parcheckConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/parcheckConfig.cmake
  INSTALL_DESTINATION lib/cmake/parcheck)
# 0.x: a new minor version may change the interface.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/parcheckConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/parcheckConfig.cmake
              ${CMAKE_BINARY_DIR}/cmake/parcheckConfigVersion.cmake
        DESTINATION lib/cmake/parcheck)

# cpack --config build/CPackConfig.cmake  ->  parcheck_<version>_amd64.deb
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME parcheck)
set(CPACK_PACKAGE_VENDOR "parcheck developers")
set(CPACK_PACKAGE_CONTACT "parcheck developers <parcheck-dev@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "thread-safety checker for C and C++ (Clang static checker and lock runtime)")
set(CPACK_PACKAGE_DESCRIPTION
  "parcheck finds data races, lock-order cycles and lock misuse in C and C++ sources with a \
Clang 19 LibTooling checker, and potential and real deadlocks, starvation and lock contention \
in running programs with a preloadable runtime shim (parcheck-run). parcheck-report turns their \
JSON reports into one HTML page.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE.md)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Explicit dependencies (Debian 12 package names) rather than dpkg-shlibdeps, which needs
# dpkg-dev: the checker links libclang-cpp and libLLVM 19 and reads clang's builtin headers
# (libclang-common-19-dev) at run time; parcheck-report is Python 3.
set(_parcheck_deps "libc6 (>= 2.34), libstdc++6, libgcc-s1, python3")
if(PARCHECK_BUILD_CHECKER)
  string(APPEND _parcheck_deps ", libclang-cpp19, libllvm19, libclang-common-19-dev")
  if(PARCHECK_WITH_MIMALLOC) # checker/CMakeLists.txt: linked with mimalloc
    string(APPEND _parcheck_deps ", libmimalloc2.0")
  endif()
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_parcheck_deps}")
# Graphviz draws parcheck-report's lock graph; llvm-symbolizer (or binutils' addr2line)
# gives the runtime's stacks their file:line.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "graphviz, llvm-19 | binutils")
include(CPack)
