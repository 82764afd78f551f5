#!/usr/bin/env bash
# Runs Peerl's whole test suite twice: against the machine's OTP 25 (Debian bookworm's
# erlang-base and erlang-ssl, installed when absent; elixir, Maven/JDK too if missing), then
# against OTP 27 (Debian trixie's erlang-base and erlang-ssl in a chroot that
# scripts/otp27-root.sh builds once into
# ${PEERL_CACHE:-$HOME/.cache/peerl} and reuses), with the otp27 Maven profile.
# Usage: bash scripts/test.sh [extra Maven arguments]
# PEERL_SKIP_OTP27=1 skips the OTP 27 run, for iterating locally; CI never sets it.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v erl >/dev/null 2>&1 || missing+=(erlang-base)
# The TLS distribution tests run erl -proto_dist inet_tls, which needs ssl (Debian ships it apart).
if ! command -v erl >/dev/null 2>&1 ||
    ! erl -noshell -eval 'halt(case application:load(ssl) of ok -> 0; _ -> 1 end).' >/dev/null 2>&1; then
  missing+=(erlang-ssl)
fi
# The bridge's interop tests also run Elixir nodes (GenServer.call against Java servers).
command -v elixir >/dev/null 2>&1 || missing+=(elixir)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

echo "== Erlang/OTP $(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().') (the machine's erl)"
mvn -B -ntp verify "$@"

if [ "${PEERL_SKIP_OTP27:-}" = 1 ]; then
  echo "== PEERL_SKIP_OTP27=1: NOT running the suite against OTP 27" >&2
  exit 0
fi
echo "== Erlang/OTP 27 (Debian trixie in a chroot)"
if ! bash scripts/otp27-root.sh; then
  echo "ERROR: cannot build the OTP 27 root (see above), so the suite did not run against OTP 27." >&2
  echo "       It needs root and the Debian mirror; PEERL_SKIP_OTP27=1 skips it locally." >&2
  exit 1
fi
# The short coverage-guided fuzz runs involve no Erlang and ran in the first pass; their
# regression inputs still run here as ordinary tests.
mvn -B -ntp -Potp27 -Dfuzz.smoke.skip=true verify "$@"
