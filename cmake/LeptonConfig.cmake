# LeptonConfig.cmake — the installed leptonc as a CMake package (find_package(Lepton)); relocatable: every path is
# found from this file's own place, <prefix>/lib/cmake/Lepton.
#
#   find_package(Lepton REQUIRED)
#   lepton_add_model(<target> <file.lep> [WEIGHTS <file.ckpt>] [TARGET <triple>] [CPU <cpu>] [RUNTIME]
#                    [LEPTONC_ARGS <arg>...])
#
# lepton_add_model compiles the pipeline with `leptonc -c` into a static library <target> whose header <target>.h
# lies in the directory its include path names (#include "<target>.h"). WEIGHTS freezes a trained checkpoint into
# it (no load functions, no files at run time); RUNTIME links the installed runtime too (pipelines that train or
# run environments through <p>_main); TARGET and CPU choose the architecture and CPU (default: the target block's
# isa:, else this machine). Defines the imported targets Lepton::leptonc and Lepton::runtime.
get_filename_component(_lepton_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

if(NOT TARGET Lepton::leptonc)
  add_executable(Lepton::leptonc IMPORTED)
  set_target_properties(Lepton::leptonc PROPERTIES IMPORTED_LOCATION "${_lepton_prefix}/bin/leptonc")
  add_library(Lepton::runtime STATIC IMPORTED)
  set_target_properties(Lepton::runtime PROPERTIES
    IMPORTED_LOCATION "${_lepton_prefix}/lib/liblepton_runtime.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_lepton_prefix}/include"
    INTERFACE_LINK_LIBRARIES "z;stdc++;m")
endif()
set(Lepton_LEPTONC "${_lepton_prefix}/bin/leptonc")

function(lepton_add_model target source)
  cmake_parse_arguments(PARSE_ARGV 2 arg "RUNTIME" "WEIGHTS;TARGET;CPU" "LEPTONC_ARGS")
  get_filename_component(source "${source}" ABSOLUTE)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/lepton_${target}")
  set(object "${dir}/${target}.o")
  set(header "${dir}/${target}.h")
  set(flags ${arg_LEPTONC_ARGS})
  set(depends "${source}")
  if(arg_WEIGHTS)
    get_filename_component(weights "${arg_WEIGHTS}" ABSOLUTE)
    list(APPEND flags "--weights=${weights}")
    list(APPEND depends "${weights}")
  endif()
  if(arg_TARGET)
    list(APPEND flags "--target=${arg_TARGET}")
  endif()
  if(arg_CPU)
    list(APPEND flags "--mcpu=${arg_CPU}")
  endif()
  file(MAKE_DIRECTORY "${dir}")
  add_custom_command(OUTPUT "${object}" "${header}"
    COMMAND Lepton::leptonc "${source}" -c -o "${object}" --header "${header}" ${flags}
    DEPENDS ${depends} Lepton::leptonc
    COMMENT "leptonc: compiling ${source} into ${target}"
    VERBATIM)
  add_library(${target} STATIC "${object}" "${header}")
  # The archive is made by whichever of C and C++ the project enabled.
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if("C" IN_LIST languages)
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  else()
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
  endif()
  target_include_directories(${target} INTERFACE "${dir}")
  if(arg_RUNTIME)
    target_link_libraries(${target} INTERFACE Lepton::runtime)
  endif()
endfunction()
