# The hardening items, in the order `hardening/run` runs them: one line each,
#   name | script (relative to hardening/) | time budget in seconds | what it checks
# To add an item, add its line here and write its script (see hardening/README.md).
HARDENING_ITEMS=(
    "tls|tls/check|300|sslyze (Mozilla intermediate), testssl.sh and session resumption against the development CA"
    "clients|clients/check|420|idle, dripping and stream-holding connections; connection caps; a legitimate client's p99"
    "shutdown|shutdown/check|300|SIGTERM with 50 streaming calls and a client that stopped reading"
    "decode|decode/check|300|16 Health messages of 4 MiB on one connection and on 64 at once, without a key: refused, memory bounded"
    "soak|soak/check|900|1,000 parallel calls with 300 KB requests for 10 minutes; memory and descriptors after"
    "fuzz|fuzz/check|1800|libFuzzer with AddressSanitizer: the frames and messages targets, 600 s each, at once"
    "crash|crash/check|900|200 SIGKILLs while calls stream and keys change: integrity, acknowledged changes and usage, exhausted buckets"
)
