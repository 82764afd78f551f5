#!/usr/bin/env bash
# Runs Peerl's whole test suite, installing what it needs first: Debian's erlang-base (the real
# `erl`, `erlc` and `epmd` the interop tests start) when `erl` is absent, and Maven/JDK if missing.
# Usage: bash scripts/test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v erl >/dev/null 2>&1 || missing+=(erlang-base)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

echo "Erlang/OTP $(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().')"
mvn -B -ntp verify "$@"
