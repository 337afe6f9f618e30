// @ts-check
/**
 * The message and error tables of the signaling protocol, version 1 (docs/protocol.md).
 * A Java test parses these array literals with a regex and compares them with the
 * MessageType, ErrorCode and CloseCode enums: keep one double-quoted string per line.
 */

/** The protocol version sent in `hello`. */
export const PROTOCOL_VERSION = 1;

/** Types a browser may send. */
export const CLIENT_TYPES = [
  "hello",
  "join",
  "resume",
  "leave",
  "call-start",
  "call-join",
  "call-decline",
  "call-leave",
  "media-state",
  "admit",
  "deny",
  "room-settings",
  "remove",
  "chat",
  "signal",
  "ping",
  "pong",
];

/** Types the server sends. */
export const SERVER_TYPES = [
  "welcome",
  "joined",
  "peer-joined",
  "peer-left",
  "call-ring",
  "call-state",
  "call-declined",
  "peer-media",
  "knocking",
  "knock",
  "knock-ended",
  "room-state",
  "chat",
  "signal",
  "error",
  "ping",
  "pong",
];

/** Every `error.code` the server may send. */
export const ERROR_CODES = [
  "bad-json",
  "bad-message",
  "unknown-type",
  "handshake-required",
  "unsupported-version",
  "bad-frame",
  "bad-text",
  "message-too-big",
  "rate-limited",
  "spoofed-sender",
  "too-many-attempts",
  "too-many-connections",
  "server-busy",
  "room-full",
  "room-not-found",
  "room-locked",
  "knock-denied",
  "removed",
  "not-host",
  "bad-room",
  "not-in-room",
  "already-in-room",
  "peer-not-found",
  "no-call",
  "server-draining",
  "auth-required",
  "auth-invalid",
  "auth-expired",
  "auth-wrong-room",
  "resume-failed",
  "internal",
];

/** WebSocket close codes (RFC 6455 §7.4.1 plus two private-use codes). */
export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  INVALID_DATA: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
  HEARTBEAT_TIMEOUT: 4000,
  SLOW_CONSUMER: 4001,
};

/** Room names the server accepts (case-insensitive). */
export const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
