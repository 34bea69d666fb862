# Sourced by bin/test: the console's browser tests drive Debian's chromium through chromium-driver, with a Chinese
# font so screenshots show text. Installs what is missing (root runs apt-get directly, others through sudo).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "bin/test: installing chromium, chromium-driver and a Chinese font for the console browser tests"
  as_root=""
  if [ "$(id -u)" != "0" ]; then as_root="sudo"; fi
  if ! { $as_root apt-get update -q && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -q chromium chromium-driver fonts-wqy-microhei; } >/tmp/zhiyu-chromium-install.log 2>&1; then
    echo "bin/test: FAILED to install chromium/chromium-driver/fonts-wqy-microhei (see /tmp/zhiyu-chromium-install.log); the console browser tests will fail"
  fi
fi
