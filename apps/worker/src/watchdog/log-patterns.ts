// What the analyser recognises in an iteration log. The agent runtime writes tool calls and
// errors through ExecutionIO (toolCall / error), which land in the log as `[tool] …` and
// `[error] …` lines; the other alternatives cover what CLI coding agents print on their own
// (Claude Code's "⏺ Bash(…)", aider's "> Running …", a shell's "$ cmd", compilers' and
// runtimes' error lines), so a plain script's output is watched too.

/** A line that is a tool call (an action) by the agent. Anchored at the line start. */
export const TOOL_CALL_LINE =
  /^[ \t]*(?:\[tool(?:[:\]][^\]\n]*\]?)?|tool(?:_call)?:|Tool call:|⏺ |● |> Running |\$ |Running tool:|Calling tool )/gm;

/**
 * A line that reports an error: at the line start, or a compiler-style "file:1:2: error: …".
 * Tested on one line at a time (no flags needed), after ERROR_WORD found a candidate.
 */
export const ERROR_LINE =
  /^[ \t]*(?:\[error\]|\[ERROR\]|ERROR\b|FATAL\b|fatal:|panic:|Traceback \(most recent call last\)|npm ERR!|error(?:\[\w+\])?:|Error:|[A-Za-z_][\w.]*(?:Error|Exception)(?::|\b(?= [A-Z])))|: error(?: [A-Z]+\d+)?:/;

/**
 * A cheap scan for the words every ERROR_LINE contains: most log lines hold none of them,
 * and a plain alternation runs several times faster than ERROR_LINE over the whole text.
 */
export const ERROR_WORD = /error|exception|fatal|panic|traceback|ERR!/gi;

/** The agent asking for a person: explicit requests, not talk about users in general. */
export const ASKS_FOR_HUMAN =
  /\b(?:I need (?:a )?human(?: help| input| assistance| intervention)?|need(?:s)? (?:human|your) (?:help|input|assistance|intervention|guidance|decision)|waiting for (?:user|human|your) (?:input|response|reply|confirmation|approval)|please advise|requires? (?:a )?human (?:intervention|input|decision|review|help)|(?:ask|asking|escalating to|escalate to) (?:a|the) human|cannot (?:continue|proceed) without (?:human|user|your) (?:help|input|guidance)|I(?:'m| am) stuck and need help)|\[needs_human\]/i;

/** The words every ASKS_FOR_HUMAN phrase contains (the same prefilter idea as ERROR_WORD). */
export const HUMAN_WORD = /human|advise|user|your|stuck/gi;
