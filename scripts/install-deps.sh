#!/bin/sh
# Installs everything pelsim needs from Debian 12 packages (see ../shared/SETUP.md of the
# project brief). Runs apt-get directly as root, through sudo otherwise. Idempotent.
set -eu
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
  build-essential cmake ninja-build pkg-config ccache python3 \
  libboost-graph-dev libyaml-cpp-dev \
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev libtbb-dev \
  libopenmpi-dev openmpi-bin \
  fonts-dejavu-core xvfb xauth
