#!/bin/sh
# A stand-in for a coding agent, so the fix loop can be played without a model: it reads
# the brief dxfix hands it ($DXFIX_BRIEF), finds the task group, and applies that group's
# patch from fixes/. Deterministic on purpose. Group 4 is where a real agent would have
# to ask: task 4.4 allows three designs for read_file/write_file, so without guidance
# from a reviewer in the brief it asks the question instead of guessing.
#
#   fixer:
#     command: sh agent/stand-in-agent.sh
set -eu
brief="${DXFIX_BRIEF:?DXFIX_BRIEF is not set: run me as a dxfix fixer}"
group=$(sed -n '1s/^# dxfix brief: task group \([0-9][0-9.]*\),.*/\1/p' "$brief")
patch="$(dirname "$0")/../fixes/group-$group.patch"
if [ -z "$group" ] || [ ! -f "$patch" ]; then
  echo "stand-in agent: nothing I know how to do for group '${group:-?}'"
  exit 0
fi
if [ "$group" = 4 ] && ! grep -q '^## Guidance from the reviewers' "$brief"; then
  echo "QUESTION: task 4.4 allows three designs for read_file and write_file: submit through"
  echo "the reactor pool, use a single reactor with IoOperation, or stub them. Which one?"
  exit 0
fi
# Start each file the patch touches from the version the patch was made against (its
# `index` line names that blob): dxfix's mechanical plan edits may already have changed
# a few of its lines, and the patch is this agent's whole answer for the file.
awk '/^diff --git /{file=$3; sub(/^a\//, "", file)} /^index /{split($2, ids, "[.][.]"); print ids[1], file}' "$patch" |
  while read -r blob file; do
    if git cat-file -e "$blob" 2>/dev/null; then git cat-file -p "$blob" > "$file"; fi
  done
if git apply --check "$patch" 2>/dev/null; then
  git apply "$patch"
  echo "stand-in agent: applied fixes/group-$group.patch"
else
  echo "stand-in agent: fixes/group-$group.patch does not apply (already done?)"
fi
