# Runs the batch fuzzer for a bounded time on a fresh copy of the seed corpus.
# Fails on any crash, leak, sanitizer report or timeout the fuzzer finds.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
execute_process(COMMAND ${SEEDS} ${WORK}/seeds RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "seed corpus generation failed")
endif()
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048 -max_len=8192
          -artifact_prefix=${WORK}/artifacts/ -print_final_stats=1 ${WORK}/corpus ${WORK}/seeds
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCH "stat::number_of_executed_units: [0-9]+" runs "${err}")
message(STATUS "fuzzer: ${runs}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the fuzzer found a problem (exit ${rc}); input saved in ${WORK}/artifacts\n${err}")
endif()
