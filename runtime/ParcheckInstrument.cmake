# parcheck_instrument(<target>): link libparcheck_rt_static into an executable target so it
# runs under the parcheck runtime without LD_PRELOAD. The whole archive is linked so that
# its interceptors (pthread_mutex_lock, ...) take precedence over libc's, and the symbols are
# exported so that shared libraries loaded by the program use them too.
function(parcheck_instrument target)
  add_dependencies(${target} parcheck_rt_static)
  target_link_libraries(${target} PRIVATE
    -Wl,--whole-archive $<TARGET_FILE:parcheck_rt_static> -Wl,--no-whole-archive
    -rdynamic dl pthread stdc++)
endfunction()
