# Sourced by musl-node.sh and armhf-node.sh: an APT configuration of their own, so that foreign-architecture
# .debs can be downloaded (apt-get download) without touching the machine's APT state or dpkg database.
#
#   private_apt_setup DIR NATIVE_ARCH "ARCH ..." "SUITE ..."   idempotent; then use APT_CONFIG=DIR/apt.conf

private_apt_setup() {
  local dir=$1 native=$2 archs=$3 suites=$4 mirror suite a list=
  [ -f "$dir/apt.conf" ] && ls "$dir/lists/"*_Packages* >/dev/null 2>&1 && return 0
  mkdir -p "$dir"/{etc/apt.conf.d,etc/preferences.d,etc/sources.list.d,lists/partial,cache/archives/partial}
  # the Debian archive this machine already uses (its first deb822 or one-line source)
  mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\)[[:space:]].*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  : > "$dir/etc/sources.list"
  for suite in $suites; do
    echo "deb [arch=${archs// /,} signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >> "$dir/etc/sources.list"
  done
  for a in $archs; do list="$list \"$a\";"; done
  cat > "$dir/apt.conf" <<CONF
Dir::Etc::SourceList "$dir/etc/sources.list";
Dir::Etc::SourceParts "$dir/etc/sources.list.d";
Dir::Etc::Parts "$dir/etc/apt.conf.d";
Dir::Etc::Preferences "$dir/etc/preferences";
Dir::Etc::PreferencesParts "$dir/etc/preferences.d";
Dir::State::Lists "$dir/lists";
Dir::State::status "/dev/null";
Dir::Cache "$dir/cache";
APT::Architecture "$native";
APT::Architectures {$list };
APT::Sandbox::User "root";
Acquire::Languages "none";
Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";
Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";
CONF
  echo "[private-apt] apt-get update ($suites; $archs) in $dir" >&2
  APT_CONFIG=$dir/apt.conf apt-get -q update >&2
}
