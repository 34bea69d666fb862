# Sourced by bin/zhiyu and bin/test: exports JAVA_HOME pointing at a JDK >= 21, or exits with one line saying how.
zhiyu_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

zhiyu_find_jdk() {
  local candidate major
  for candidate in "${ZHIYU_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(zhiyu_java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(zhiyu_find_jdk); then
  echo "zhiyu: no JDK 21 or newer found; install one or set ZHIYU_JAVA_HOME=/path/to/jdk-21+" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled Guava touches sun.misc.Unsafe; keep JDK 24+ from warning about it on every build.
if [ "$(zhiyu_java_major "$JAVA_HOME" | cut -d. -f1)" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
