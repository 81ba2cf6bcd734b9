#!/usr/bin/env bash
# Drives a realistic mix of requests against a running order-intake sample, so that the
# dashboards and alerts in ops/ have something to show:
#   - inbound documents from EMAIL, EDI and API, most of them good, some unreadable (a scanned
#     PDF, an email without order lines), some with products the catalogue does not know, a few
#     sent twice (de-duplicated with the services profile);
#   - reads of messages and draft orders, approvals of most drafts (which push them to the ERP
#     stub, whose failures and timeouts show up as 502 and 504), a few approvals of orders
#     already approved (409);
#   - requests for unknown messages and orders (404) and invalid messages (400).
#
# Settings (environment variables):
#   BASE_URL      the sample, on the loopback interface only  (default http://127.0.0.1:8080)
#   DURATION      how long to run, in seconds                   (default 120, at most 3600)
#   RATE          inbound documents per second, 1 to 50         (default 5)
#   MAX_REQUESTS  stop after this many HTTP requests in all     (default 20000)
#
# Example: DURATION=300 RATE=10 sample-app/traffic.sh
set -uo pipefail

BASE_URL=${BASE_URL:-http://127.0.0.1:8080}
DURATION=${DURATION:-120}
RATE=${RATE:-5}
MAX_REQUESTS=${MAX_REQUESTS:-20000}

fail() { printf 'traffic: %s\n' "$*" >&2; exit 2; }
[[ $BASE_URL =~ ^http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?/?$ ]] \
	|| fail "BASE_URL must be http:// on the loopback interface (127.0.0.1, localhost or [::1]), not '$BASE_URL'"
BASE_URL=${BASE_URL%/}
[[ $DURATION =~ ^[0-9]+$ ]] && ((DURATION >= 1 && DURATION <= 3600)) || fail "DURATION must be 1 to 3600 seconds"
[[ $RATE =~ ^[0-9]+$ ]] && ((RATE >= 1 && RATE <= 50)) || fail "RATE must be 1 to 50 documents per second"
[[ $MAX_REQUESTS =~ ^[0-9]+$ ]] && ((MAX_REQUESTS >= 1)) || fail "MAX_REQUESTS must be a positive number"
command -v curl >/dev/null || fail "curl is required"

interval_ms=$((1000 / RATE))
requests=0
body=
declare -A statuses=()
pending=()

# One HTTP call, with a time limit: the body in $body, the status counted. Not to be called in
# a subshell, which would lose the count.
call() {
	local method=$1 path=$2 payload=${3:-} output status
	requests=$((requests + 1))
	if [ -n "$payload" ]; then
		output=$(curl -s --max-time 10 -X "$method" -H 'Content-Type: application/json' -d "$payload" \
			-w '\n%{http_code}' "$BASE_URL$path" || printf '\n000')
	else
		output=$(curl -s --max-time 10 -X "$method" -w '\n%{http_code}' "$BASE_URL$path" || printf '\n000')
	fi
	status=${output##*$'\n'}
	statuses[$status]=$((${statuses[$status]:-0} + 1))
	body=${output%$'\n'*}
}

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

pick() { local items=("$@"); printf '%s' "${items[RANDOM % ${#items[@]}]}"; }

customers=(ACME Globex Initech Umbrella Hooli "Wayne Enterprises" Stark Soylent)
items=("M8 bolts" "hex bolts M8 zinc" "M8 nuts" "washers M8" "M10 hex bolts" "M10 nuts" "M6 machine screws"
	"wood screws 4x40" "wall plugs 8mm" "wall anchors" "8mm drill bits" "cable ties 200mm" "duct tape"
	"work gloves large" "safety glasses" "euro pallets" "stretch film" "bolts" "nuts" "zinc washers")
skus=(M8-BOLT M8-NUT M8-WASHER M10-BOLT M10-NUT M6-SCREW WOOD-SCREW-4X40 ANCHOR-8 DRILL-8 CABLE-TIE-200
	DUCT-TAPE-50 GLOVES-L SAFETY-GLASSES EURO-PALLET STRETCH-FILM)
unknown=("flux capacitor" "unicorn saddle" "left-handed screwdriver" "tartan paint")

text_order() {
	local lines=$((RANDOM % 4 + 1)) i content="Hello,\\nplease deliver:\\n"
	for ((i = 0; i < lines; i++)); do
		content+="$((RANDOM % 200 + 1)) x $(pick "${items[@]}")\\n"
	done
	# Now and then a product nobody sells
	((RANDOM % 100 < 7)) && content+="$((RANDOM % 9 + 1)) x $(pick "${unknown[@]}")\\n"
	printf '%sRef %s-%s\\nRegards' "$content" "$RANDOM" "$RANDOM"
}

edi_order() {
	local lines=$((RANDOM % 3 + 1)) i content="UNH+1+ORDERS:D:96A:UN'BGM+220+PO-$RANDOM$RANDOM'"
	for ((i = 1; i <= lines; i++)); do
		content+="LIN+$i++$(pick "${skus[@]}"):SA'QTY+21:$((RANDOM % 500 + 1))'"
	done
	printf "%sUNT+%d+1'" "$content" $((lines * 2 + 3))
}

document() {
	local source=$1 dice=$((RANDOM % 100))
	if ((dice < 4)); then
		printf '%%PDF-1.7 scanned order %s' "$RANDOM"
	elif ((dice < 7)); then
		[ "$source" = EDI ] && printf 'ORDERS %s' "$RANDOM" || printf 'Hi, the order is attached. Thanks! %s' "$RANDOM"
	elif [ "$source" = EDI ]; then
		edi_order
	else
		text_order
	fi
}

# Look at the oldest pending message: approve most drafts, leave some for a human
follow_up() {
	local id=${pending[0]} message status order_id
	call GET "/api/inbound-messages/$id"
	message=$body
	status=$(printf '%s' "$message" | json_field status)
	[ "$status" = RECEIVED ] && return
	pending=("${pending[@]:1}")
	[ "$status" = DRAFTED ] || return 0
	order_id=$(printf '%s' "$message" | json_field orderId)
	call GET "/api/orders/$order_id"
	if ((RANDOM % 100 < 85)); then
		call POST "/api/orders/$order_id/approve"
		((RANDOM % 100 < 5)) && call POST "/api/orders/$order_id/approve"
	fi
	return 0
}

now_ms() { printf '%s' $(($(date +%s%N) / 1000000)); }

end=$(($(date +%s) + DURATION))
next_ms=$(now_ms)
last_body=""
printf 'traffic: %s for %d s at %d documents/s (at most %d requests)\n' "$BASE_URL" "$DURATION" "$RATE" "$MAX_REQUESTS"
while (($(date +%s) < end && requests < MAX_REQUESTS)); do
	source=$(pick EMAIL EMAIL EDI EDI API)
	customer=$(pick "${customers[@]}")
	if [ -n "$last_body" ] && ((RANDOM % 100 < 3)); then
		message=$last_body
	else
		message="{\"source\":\"$source\",\"customer\":\"$customer\",\"content\":\"$(document "$source")\"}"
	fi
	last_body=$message
	call POST /api/inbound-messages "$message"
	id=$(printf '%s' "$body" | json_field id)
	[ -n "$id" ] && pending+=("$id")
	((${#pending[@]} > 0)) && follow_up
	dice=$((RANDOM % 100))
	if ((dice < 4)); then
		call GET "/api/orders/$RANDOM-unknown"
	elif ((dice < 6)); then
		call GET "/api/inbound-messages/$RANDOM-unknown"
	elif ((dice < 9)); then
		call POST /api/inbound-messages "{\"source\":\"$(pick EMAIL FAX)\",\"customer\":\"$customer\"}"
	fi
	# Keep the pace: one document every interval, whatever the calls took
	next_ms=$((next_ms + interval_ms))
	wait_ms=$((next_ms - $(now_ms)))
	if ((wait_ms > 0)); then
		sleep "$((wait_ms / 1000)).$(printf '%03d' $((wait_ms % 1000)))"
	else
		next_ms=$(now_ms)
	fi
done
# Give the last documents a moment, then approve what was drafted
deadline=$(($(date +%s) + 5))
while ((${#pending[@]} > 0 && $(date +%s) < deadline && requests < MAX_REQUESTS)); do
	follow_up
done

summary=""
for status in $(printf '%s\n' "${!statuses[@]}" | sort); do
	summary+=" $status=${statuses[$status]}"
done
printf 'traffic: %d requests, by status:%s\n' "$requests" "$summary"
