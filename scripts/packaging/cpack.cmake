# Installed layout and Debian packages (CPack DEB), included once from the top level.
#
#   postureguard-edge  pg-edge, board profiles, the simulated camera's face photo,
#                      /etc/postureguard/edge.toml, the service user, a systemd unit
#   postureguard-hub   pg-hub and pg-report, /etc/postureguard/hub.toml, the broker
#                      config with per-device ACLs (scripts/broker) as an example,
#                      a systemd unit
#
# Built per Debian release and architecture by scripts/package.sh (native) and
# scripts/cross-build.sh --package (arm64); the release is part of the version
# (0.1.0-1~deb12 / -1~deb13) so both can sit in one directory.
set(_pkg "${CMAKE_CURRENT_LIST_DIR}")

# Data the binaries look for below PG_INSTALL_DATA_DIR (board profiles, the
# default face of the simulated camera), for any install prefix.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/boards/" DESTINATION "${PG_INSTALL_DATA_DIR}/boards"
  COMPONENT edge FILES_MATCHING PATTERN "*.toml")
install(FILES "${PROJECT_SOURCE_DIR}/tests/data/faces/astronaut.png" "${PROJECT_SOURCE_DIR}/tests/data/faces/SOURCE.md"
  DESTINATION "${PG_INSTALL_DATA_DIR}/faces" COMPONENT edge)
# The executables' own install rules have no component; these put each in its package.
# The face models (Apache-2.0, see edge/models/SOURCE.md) ship in the edge
# package: the landmark model from the source tree, the BlazeFace detector and
# the canonical face mesh when scripts/fetch-models.sh has fetched them (without
# them pg-edge falls back to a simpler analyzer and says so).
install(FILES "${PROJECT_SOURCE_DIR}/edge/models/face_landmark_468.onnx" "${PROJECT_SOURCE_DIR}/edge/models/SOURCE.md"
  "${PROJECT_SOURCE_DIR}/edge/models/LICENSE-Apache-2.0" DESTINATION "${PG_INSTALL_DATA_DIR}/models" COMPONENT edge)
set(PG_MODEL_FILE "${PROJECT_SOURCE_DIR}/build-models/blazeface_front_128.onnx" CACHE FILEPATH
    "BlazeFace ONNX model to bundle in the edge package")
set(PG_MESH_FILE "${PROJECT_SOURCE_DIR}/build-models/face_geometry.binarypb" CACHE FILEPATH
    "Canonical face mesh to bundle in the edge package")
foreach(_model IN ITEMS "${PG_MODEL_FILE}" "${PG_MESH_FILE}")
  if(EXISTS "${_model}")
    install(FILES "${_model}" DESTINATION "${PG_INSTALL_DATA_DIR}/models" COMPONENT edge)
  else()
    message(STATUS "${_model} not found (run scripts/fetch-models.sh): the edge package falls back to a simpler analyzer")
  endif()
endforeach()
install(TARGETS pg-edge RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT edge)
install(TARGETS pg-hub pg-report RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hub)

# The packages hard-wire /usr (units name /usr/bin/pg-edge, binaries look in
# /usr/share/postureguard): a /usr/local build gets no package target.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  return()
endif()

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(_arch arm64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64)$")
  set(_arch amd64)
else()
  message(STATUS "packages: no Debian architecture known for ${CMAKE_SYSTEM_PROCESSOR}; no package target")
  return()
endif()

# The release decides the library package names (libopencv-core406 vs 410,
# libgpiod2 vs 3, libcamera0.0.3 vs 0.4). A native build asks this machine.
set(PG_DEB_RELEASE "" CACHE STRING "Debian release the packages are built for: bookworm or trixie (default: this machine's)")
set(_release "${PG_DEB_RELEASE}")
if(NOT _release AND NOT CMAKE_CROSSCOMPILING AND EXISTS /etc/os-release)
  file(STRINGS /etc/os-release _codename REGEX "^VERSION_CODENAME=")
  string(REGEX REPLACE "^VERSION_CODENAME=" "" _release "${_codename}")
endif()
if(_release STREQUAL "bookworm")
  set(_debver deb12)
  set(_unitdir /lib/systemd/system)
  set(_udevdir /lib/udev/rules.d)
elseif(_release STREQUAL "trixie")
  set(_debver deb13)
  set(_unitdir /usr/lib/systemd/system)
  set(_udevdir /usr/lib/udev/rules.d)
else()
  message(STATUS "packages: unknown Debian release '${_release}' (set PG_DEB_RELEASE); no package target")
  return()
endif()

install(FILES "${_pkg}/edge/edge.toml" DESTINATION /etc/postureguard COMPONENT edge)
install(FILES "${_pkg}/edge/default" DESTINATION /etc/default RENAME postureguard-edge COMPONENT edge)
install(FILES "${_pkg}/edge/postureguard-edge.service" DESTINATION ${_unitdir} COMPONENT edge)
install(FILES "${_pkg}/edge/60-postureguard-gpio.rules" DESTINATION ${_udevdir} COMPONENT edge)
install(FILES "${_pkg}/hub/hub.toml" DESTINATION /etc/postureguard COMPONENT hub)
install(FILES "${_pkg}/hub/postureguard-hub.service" DESTINATION ${_unitdir} COMPONENT hub)
# The broker configuration with per-device ACLs and its helper scripts, as examples
# (installing them is the admin's choice: they change the whole broker's auth).
install(FILES "${PROJECT_SOURCE_DIR}/scripts/broker/mosquitto.conf" "${PROJECT_SOURCE_DIR}/scripts/broker/acl.conf"
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/postureguard-hub/examples/broker COMPONENT hub)
install(PROGRAMS "${PROJECT_SOURCE_DIR}/scripts/broker/add-user.sh" "${PROJECT_SOURCE_DIR}/scripts/broker/make-test-ca.sh"
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/postureguard-hub/examples/broker COMPONENT hub)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME postureguard)
set(CPACK_PACKAGE_VENDOR "Posture Guard")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/deb")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL edge hub)
set(PG_DEB_MAINTAINER "Posture Guard developers <postureguard@localhost>" CACHE STRING "Maintainer field of the .debs")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PG_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${_arch})
set(CPACK_DEBIAN_PACKAGE_RELEASE "1~${_debver}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_EDGE_PACKAGE_NAME postureguard-edge)
set(CPACK_DEBIAN_HUB_PACKAGE_NAME postureguard-hub)
set(CPACK_COMPONENT_EDGE_DESCRIPTION "desk-camera posture monitor (device)
pg-edge watches how you sit through a Raspberry Pi camera, buzzes a GPIO
buzzer when forward head posture or slouching persists, and publishes a few
bytes per analysed frame (never an image) over MQTT. Runs as the
postureguard-edge systemd service; configure /etc/postureguard/edge.toml.")
set(CPACK_COMPONENT_HUB_DESCRIPTION "desk-camera posture monitor (hub and reports)
pg-hub stores the posture samples of Posture Guard devices from MQTT in
SQLite and keeps daily and weekly marts; pg-report prints day, week and
calendar views. Runs as the postureguard-hub systemd service; configure
/etc/postureguard/hub.toml. A mosquitto configuration with per-device ACLs
and its user and test-CA scripts are in
/usr/share/doc/postureguard-hub/examples/broker.")
foreach(_c edge hub)
  string(TOUPPER ${_c} _C)
  set(CPACK_DEBIAN_${_C}_PACKAGE_CONTROL_EXTRA
    "${_pkg}/${_c}/conffiles;${_pkg}/${_c}/postinst;${_pkg}/${_c}/prerm;${_pkg}/${_c}/postrm")
endforeach()
set(CPACK_DEBIAN_HUB_PACKAGE_RECOMMENDS "mosquitto, sqlite3")

# Runtime library dependencies. Native builds ask dpkg-shlibdeps (exact, from
# this machine's dpkg database); a cross build has no dpkg database for its
# sysroot, so it uses these lists, checked against what dpkg-shlibdeps printed for
# the same release on amd64 (the package names do not depend on the architecture).
set(_common_deps adduser)
# The cascade analyzer reads its model from opencv-data: it is what pg-edge falls
# back to without a usable BlazeFace model, and that is every start on Debian 13
# (OpenCV 4.10 cannot run BlazeFace).
set(_edge_data_deps opencv-data)
if(CMAKE_CROSSCOMPILING)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
  if(_release STREQUAL "bookworm")
    set(_base "libc6 (>= 2.35), libgcc-s1 (>= 3.0), libstdc++6 (>= 12), libmosquitto1 (>= 1.6), libtomlplusplus3 (>= 3.2.0), libcctz2 (>= 2.3+dfsg1)")
    set(_edge "libopencv-core406 (>= 4.6.0+dfsg), libopencv-imgcodecs406 (>= 4.6.0+dfsg), libopencv-imgproc406 (>= 4.6.0+dfsg), libopencv-objdetect406 (>= 4.6.0+dfsg), libopencv-videoio406 (>= 4.6.0+dfsg)")
    set(_camera "libcamera0.0.3 (>= 0.0.3)")
    set(_gpiod libgpiod2)
    set(_hub "libsqlite3-0 (>= 3.20.0)")
  else()
    set(_base "libc6 (>= 2.38), libgcc-s1 (>= 3.0), libstdc++6 (>= 14), libmosquitto1 (>= 1.6), libtomlplusplus3t64 (>= 3.2.0), libcctz2.4 (>= 2.4+dfsg1)")
    set(_edge "libopencv-core410 (>= 4.10.0+dfsg), libopencv-imgcodecs410 (>= 4.10.0+dfsg), libopencv-imgproc410 (>= 4.10.0+dfsg), libopencv-objdetect410 (>= 4.10.0+dfsg), libopencv-videoio410 (>= 4.10.0+dfsg)")
    set(_camera "libcamera0.4 (>= 0.4.0)")
    set(_gpiod libgpiod3)
    set(_hub "libsqlite3-0 (>= 3.20.0)")
  endif()
  # Only the optional backends this build compiled in.
  if(PG_LIBCAMERA_FOUND)
    string(APPEND _edge ", ${_camera}")
  endif()
  if(PG_GPIOD_FOUND)
    string(APPEND _edge ", ${_gpiod}")
  endif()
  set(CPACK_DEBIAN_EDGE_PACKAGE_DEPENDS "${_common_deps}, ${_edge_data_deps}, ${_base}, ${_edge}")
  set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "${_common_deps}, ${_base}, ${_hub}")
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_EDGE_PACKAGE_DEPENDS "${_common_deps}, ${_edge_data_deps}")
  set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "${_common_deps}")
endif()

include(CPack)
message(STATUS "packages: postureguard-edge / postureguard-hub ${PROJECT_VERSION}-1~${_debver} ${_arch} (cpack in the build dir)")
