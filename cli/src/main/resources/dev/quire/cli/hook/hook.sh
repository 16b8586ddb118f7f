#!/bin/sh
# quire-hook: installed by `quire commit hook install`; `quire commit hook uninstall` restores any hook chained here.
# Runs the hook that was in place before (its result still counts), then asks Quire, which never fails a commit.
chained=@@CHAINED@@
if [ -n "$chained" ] && [ -x "$chained" ]; then
  "$chained" "$@" || exit $?
fi
@@GUARD@@@@LAUNCHER@@ commit @@HOOK@@ "$@" </dev/null || true
exit 0
