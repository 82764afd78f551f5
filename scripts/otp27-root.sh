#!/usr/bin/env bash
# Builds, once, a Debian trixie root with erlang-base and erlang-ssl (OTP 27) under
# ${PEERL_CACHE:-$HOME/.cache/peerl}/otp27-root, for scripts/erl27 and scripts/erlc27 (the
# `-Potp27` test profile) to run OTP 27 with chroot next to the machine's OTP 25. Later runs reuse
# the root: a marker file written last says it is complete; a root without it (an interrupted
# build) is unmounted, deleted and built again. Prints the OTP release the root has.
#
# Usage: bash scripts/otp27-root.sh            build if needed, mount, print the release
#        bash scripts/otp27-root.sh --rebuild  delete the root and build it again
#        bash scripts/otp27-root.sh --unmount  undo the bind mounts (the root stays cached)
#
# Needs root (debootstrap, chroot, mount) and the Debian mirror: PEERL_DEBIAN_MIRROR, else the
# first Debian mirror in /etc/apt/sources.list*, else http://deb.debian.org/debian.
set -euo pipefail
. "$(dirname "$0")/lib/otp27.sh"

# What the root holds besides debootstrap's minimal base: erl, and ssl with what it needs for the
# TLS distribution tests (erl -proto_dist inet_tls). A root an older version of this script built
# gets the missing ones installed (install_missing_packages), so a CI cache need not be dropped.
OTP27_PACKAGES=(erlang-base erlang-crypto erlang-asn1 erlang-public-key erlang-ssl)

debian_mirror() {
  if [ -n "${PEERL_DEBIAN_MIRROR:-}" ]; then
    echo "$PEERL_DEBIAN_MIRROR"
    return
  fi
  local found
  # One-line "deb [opts] URL suite..." and deb822 "URIs: URL..." entries; the main archive, not
  # debian-security or third-party repositories.
  found="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
      2>/dev/null |
    awk '/^[[:space:]]*deb[[:space:]]/ { sub(/\[[^]]*\]/, ""); print $2 }
         /^[[:space:]]*URIs:/ { for (i = 2; i <= NF; i++) print $i }' |
    grep -E '^(https?|file)://.*/debian/?$' | head -n 1 || true)"
  echo "${found:-http://deb.debian.org/debian}"
}

install_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return
  echo "Installing debootstrap..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq debootstrap >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; } ||
    otp27_die "cannot install debootstrap with apt-get"
}

discard_root() {
  otp27_unmount_all "$OTP27_ROOT"
  rm -rf --one-file-system "$OTP27_ROOT"
}

build_root() {
  local mirror started
  mirror="$(debian_mirror)"
  install_debootstrap
  if [ -e "$OTP27_ROOT" ]; then
    echo "Discarding the incomplete OTP 27 root at $OTP27_ROOT (an interrupted build)"
    discard_root
  fi
  mkdir -p "$OTP27_CACHE"
  echo "Building the OTP 27 root at $OTP27_ROOT: debootstrap trixie from $mirror (a few minutes)..."
  started=$SECONDS
  local log="$OTP27_CACHE/otp27-debootstrap.log"
  if ! debootstrap --variant=minbase --include="$(IFS=,; echo "${OTP27_PACKAGES[*]}")" trixie \
      "$OTP27_ROOT" "$mirror" \
      >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    # debootstrap leaves /proc and friends mounted when it fails midway.
    otp27_unmount_all "$OTP27_ROOT" || true
    otp27_die "debootstrap of trixie from $mirror failed (full log: $log)"
  fi
  rm -f "$OTP27_ROOT"/var/cache/apt/archives/*.deb
  otp27_sync_etc
  otp27_ensure_mounts
  local release
  release="$(otp_release)" || otp27_die "erl does not run in the new root"
  echo "$release" >"$OTP27_MARKER"
  echo "Built the OTP 27 root in $((SECONDS - started)) s"
}

install_missing_packages() {
  local package missing=()
  for package in "${OTP27_PACKAGES[@]}"; do
    chroot "$OTP27_ROOT" dpkg-query -W -f '${Status}' "$package" 2>/dev/null |
      grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "Installing ${missing[*]} into the OTP 27 root..."
  local log="$OTP27_CACHE/otp27-apt.log"
  if ! chroot "$OTP27_ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive HOME=/root \
      PATH=/usr/sbin:/usr/bin:/sbin:/bin \
      sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@"' \
      sh "${missing[@]}" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    otp27_die "cannot install ${missing[*]} into $OTP27_ROOT (full log: $log)"
  fi
  rm -f "$OTP27_ROOT"/var/cache/apt/archives/*.deb
}

otp_release() {
  local major
  major="$(chroot "$OTP27_ROOT" /usr/bin/env HOME=/root /usr/bin/erl -noshell \
    -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().')" || return 1
  echo "$major $(cat "$OTP27_ROOT/usr/lib/erlang/releases/$major/OTP_VERSION" 2>/dev/null || echo "?")" \
    "(erlang-base $(chroot "$OTP27_ROOT" dpkg-query -W -f '${Version}' erlang-base))"
}

otp27_require_superuser
mkdir -p "$OTP27_CACHE"
# One build at a time; a second caller waits and then finds the marker.
exec 8>>"$OTP27_LOCK.build"
flock 8
case "${1:-}" in
  --unmount)
    otp27_unmount_all "$OTP27_ROOT"
    exit 0
    ;;
  --rebuild)
    if [ -e "$OTP27_ROOT" ]; then discard_root; fi
    ;;
  "") ;;
  *) otp27_die "unknown argument $1 (see the head of $0)" ;;
esac

[ -f "$OTP27_MARKER" ] || build_root
otp27_sync_etc
otp27_ensure_mounts
install_missing_packages
release="$(otp_release)" || otp27_die "erl does not run in $OTP27_ROOT"
echo "OTP 27 root: $OTP27_ROOT, OTP $release"
case "$release" in
  27\ *) ;;
  *) echo "WARNING: Debian trixie ships OTP ${release%% *}, not 27; the otp27 profile tests that." >&2 ;;
esac
