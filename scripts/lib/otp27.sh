# Shared by scripts/otp27-root.sh, scripts/erl27 and scripts/erlc27 (sourced, not run): where the
# Debian trixie root with OTP 27 lives, and the bind mounts that let `erl` inside it see the host's
# files at the same paths.

OTP27_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
OTP27_CACHE="${PEERL_CACHE:-${HOME:-/root}/.cache/peerl}"
OTP27_ROOT="$OTP27_CACHE/otp27-root"
OTP27_MARKER="$OTP27_ROOT/.peerl-otp27-complete"
OTP27_LOCK="$OTP27_CACHE/otp27-root.lock"
# Files copied from the host so that `erl -sname` inside the root names and resolves the host as
# the host's own nodes do.
OTP27_ETC_FILES=(/etc/hosts /etc/hostname /etc/resolv.conf /etc/nsswitch.conf)

otp27_die() {
  echo "peerl otp27: $*" >&2
  exit 1
}

otp27_require_superuser() {
  [ "$(id -u)" -eq 0 ] ||
    otp27_die "chroot and mount need root; run as root (CI and the dev container do)"
}

# Host directories visible inside the root at the same path: /dev and /proc for the VM itself,
# /tmp for the kit's compiled .beam files and the files tests exchange with nodes, the repository
# for paths relative to a module, and whatever PEERL_OTP27_BINDS (colon-separated) adds.
otp27_binds() {
  local dirs=(/dev /proc /tmp "$OTP27_REPO") extra
  if [ -n "${PEERL_OTP27_BINDS:-}" ]; then
    IFS=: read -r -a extra <<<"$PEERL_OTP27_BINDS"
    dirs+=("${extra[@]}")
  fi
  local dir kept=() k covered
  for dir in "${dirs[@]}"; do
    [ -n "$dir" ] && [ -d "$dir" ] || continue
    dir="$(cd "$dir" && pwd -P)"
    covered=0
    # A directory under one already bound (the repository in /tmp, say) is visible through it.
    for k in "${kept[@]}"; do
      case "$dir/" in "$k"/*) covered=1 ;; esac
    done
    [ "$covered" -eq 1 ] || kept+=("$dir")
  done
  printf '%s\n' "${kept[@]}"
}

# Mount points (as /proc/mounts lists them, octal escapes decoded) at or below $1.
otp27_mounts_under() {
  awk -v root="$1" '{
      p = $2; gsub(/\\040/, " ", p); gsub(/\\011/, "\t", p); gsub(/\\134/, "\\", p)
      if (p == root || index(p, root "/") == 1) print p
    }' /proc/mounts
}

otp27_is_mounted() {
  otp27_mounts_under "$1" | grep -qxF -- "$1"
}

# A bind mount is current when the mount point shows the host directory itself (same device and
# inode). A clone deleted and made again at the same path (CI's checkout, a worktree) leaves the
# old mount showing the deleted directory: inside the root the path then looks empty.
otp27_is_bound() {
  local dir="$1"
  otp27_is_mounted "$OTP27_ROOT$dir" &&
    [ "$(stat -c %d:%i "$dir")" = "$(stat -c %d:%i "$OTP27_ROOT$dir" 2>/dev/null)" ]
}

otp27_all_mounted() {
  local dir
  while IFS= read -r dir; do
    otp27_is_bound "$dir" || return 1
  done < <(otp27_binds)
}

# Binds every directory of otp27_binds into the root once: a current bind mount is left alone, so
# repeated and concurrent calls never stack mounts; a stale one is replaced.
otp27_ensure_mounts() {
  otp27_all_mounted && return 0
  mkdir -p "$OTP27_CACHE"
  (
    flock 9
    local dir
    while IFS= read -r dir; do
      otp27_is_bound "$dir" && continue
      # Stale mounts (see otp27_is_bound), possibly stacked: off until none is left.
      while otp27_is_mounted "$OTP27_ROOT$dir"; do
        umount "$OTP27_ROOT$dir" 2>/dev/null || umount -l "$OTP27_ROOT$dir" ||
          otp27_die "cannot unmount the stale bind mount $OTP27_ROOT$dir"
      done
      if ! otp27_is_mounted "$OTP27_ROOT$dir"; then
        mkdir -p "$OTP27_ROOT$dir"
        mount --bind "$dir" "$OTP27_ROOT$dir" ||
          otp27_die "cannot bind-mount $dir into $OTP27_ROOT"
      fi
    done < <(otp27_binds)
    otp27_unmount_deleted
  ) 9>>"$OTP27_LOCK" || exit 1
}

# Unmounts bind mounts below the root whose host directory was deleted (old clones and worktrees):
# /proc/self/mountinfo marks their source with "//deleted".
otp27_unmount_deleted() {
  local point
  while IFS= read -r point; do
    umount -l "$point" 2>/dev/null || true
  done < <(awk -v root="$OTP27_ROOT" '$4 ~ /\/\/deleted$/ && index($5, root "/") == 1 { print $5 }' \
    /proc/self/mountinfo)
}

# Unmounts everything below the root, deepest first; fails if anything stays mounted, so that a
# following rm -rf can never reach the host's /tmp or repository through a bind mount.
otp27_unmount_all() {
  local root="$1" point
  while IFS= read -r point; do
    umount "$point" 2>/dev/null || umount -l "$point" ||
      otp27_die "cannot unmount $point"
  done < <(otp27_mounts_under "$root" | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-)
  [ -z "$(otp27_mounts_under "$root")" ] ||
    otp27_die "still mounted under $root: $(otp27_mounts_under "$root" | tr '\n' ' ')"
}

otp27_sync_etc() {
  local file
  for file in "${OTP27_ETC_FILES[@]}"; do
    if [ -f "$file" ] && ! cmp -s "$file" "$OTP27_ROOT$file"; then
      cp -f "$file" "$OTP27_ROOT$file.peerl-new" && mv -f "$OTP27_ROOT$file.peerl-new" "$OTP27_ROOT$file"
    fi
  done
}

# Runs an OTP tool of the root with the caller's arguments, stdio and working directory. Every
# step execs (chroot, env, sh, the tool), so the pid the caller holds becomes the tool's own (for
# erl, the emulator's), stdin EOF reaches it directly, and killing the process tree kills it.
otp27_exec() {
  local tool="$1"
  shift
  otp27_require_superuser
  [ -f "$OTP27_MARKER" ] ||
    otp27_die "no complete OTP 27 root at $OTP27_ROOT; build it with scripts/otp27-root.sh"
  otp27_ensure_mounts
  otp27_sync_etc
  # erlexec exports BINDIR, ROOTDIR, EMU and PROGNAME to its children: a host erl's values would
  # point the root's scripts at the host's OTP 25 installation.
  exec chroot "$OTP27_ROOT" /usr/bin/env -u BINDIR -u ROOTDIR -u EMU -u PROGNAME \
    HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/sh -c 'cd "$1" 2>/dev/null || cd /; shift; tool="$1"; shift; exec "$tool" "$@"' \
    sh "$PWD" "$tool" "$@"
}
