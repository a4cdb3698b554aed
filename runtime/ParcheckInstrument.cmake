# parcheck_instrument(<target>): link libparcheck_rt_static into an executable target so it
# runs under the parcheck runtime without LD_PRELOAD. The whole archive is linked so that
# its interceptors (pthread_mutex_lock, ...) take precedence over libc's, and the symbols are
# exported so that shared libraries loaded by the program use them too.
# A -static executable is refused (FATAL_ERROR): the runtime needs the dynamic libc (see
# rt_static_guard.cpp). The check runs at the end of the calling directory, so link options
# given after this call are seen too.
#
# The archive is the target parcheck::rt_static, declared by find_package(parcheck CONFIG)
# (installed), by add_subdirectory(<parcheck>/runtime), or, when this file is included from a
# parcheck source tree with neither done, by adding the runtime folder here (its outputs go to
# <build>/parcheck-runtime). The archive is linked by file, not as a target, so the calling
# project need not enable C++.
if(NOT TARGET parcheck::rt_static AND EXISTS "${CMAKE_CURRENT_LIST_DIR}/CMakeLists.txt"
   AND EXISTS "${CMAKE_CURRENT_LIST_DIR}/rt_runtime.cpp")
  add_subdirectory("${CMAKE_CURRENT_LIST_DIR}" "${CMAKE_BINARY_DIR}/parcheck-runtime")
endif()

function(parcheck_instrument target)
  if(NOT TARGET parcheck::rt_static)
    message(FATAL_ERROR "parcheck_instrument(${target}): there is no parcheck::rt_static "
      "target: call find_package(parcheck CONFIG REQUIRED) (an installed parcheck) or "
      "add_subdirectory(<parcheck>/runtime) first")
  endif()
  cmake_language(EVAL CODE "cmake_language(DEFER CALL _parcheck_refuse_static [[${target}]])")
  get_target_property(built parcheck::rt_static ALIASED_TARGET)
  if(built)
    add_dependencies(${target} ${built})
  endif()
  target_link_libraries(${target} PRIVATE
    -Wl,--whole-archive $<TARGET_FILE:parcheck::rt_static> -Wl,--no-whole-archive
    -rdynamic dl pthread stdc++)
endfunction()

function(_parcheck_refuse_static target)
  set(flags)
  foreach(prop LINK_OPTIONS LINK_FLAGS LINK_LIBRARIES INTERFACE_LINK_OPTIONS)
    get_target_property(v ${target} ${prop})
    if(v)
      list(APPEND flags ${v})
    endif()
  endforeach()
  string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
  list(APPEND flags ${CMAKE_EXE_LINKER_FLAGS} ${CMAKE_EXE_LINKER_FLAGS_${config}})
  string(REPLACE ";" " " flags " ${flags} ")
  if(flags MATCHES " (-static|--static|-static-pie|-Wl,-static|-Wl,--static) ")
    message(FATAL_ERROR
      "parcheck_instrument(${target}): ${target} is linked with ${CMAKE_MATCH_1}, but the "
      "parcheck runtime cannot work in a statically linked program: it finds libc's real "
      "lock functions through the dynamic linker (dlsym(RTLD_NEXT) and glibc's compat "
      "symbols), which a static program does not have. Link ${target} dynamically, or build "
      "it without parcheck_instrument() and run a dynamic build under parcheck-run.")
  endif()
endfunction()
