# Sourced by the benchmarks: builds the release binary, makes a scratch directory ($work,
# removed on exit) and starts `reach serve` on a fresh SQLite database there, setting $port
# and $key (the first account's API key).
swift build -c release --product reach >/dev/null
reach="$(swift build -c release --show-bin-path)/reach"
work=$(mktemp -d /tmp/reach-bench.XXXXXX)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_reach() {
  "$reach" serve --port 0 --database "sqlite://$work/reach.db" --data-dir "$work/data" --rate-limit 10000000 >"$work/out" 2>"$work/err" &
  server=$!
  until grep -q "reach is listening" "$work/err"; do sleep 0.1; done
  port=$(grep -o 'address=http://127.0.0.1:[0-9]*' "$work/err" | grep -o '[0-9]*$')
  key=$(grep -o 'rk_[0-9A-Za-z]*' "$work/out")
}
