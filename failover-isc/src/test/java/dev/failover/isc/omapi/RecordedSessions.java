package dev.failover.isc.omapi;

/**
 * OMAPI sessions with a real dhcpd 4.4.3, every TCP payload in order, in the format of
 * {@code shared/reference/omapi-4.4.3/omapi-open-and-set-local-state.hex.txt} (offset and hex
 * columns; the ASCII column is left out). The first two are that reference file, split at its
 * second session; the others were recorded the same way (omshell inside the primary's network
 * namespace, through a socat hex-dumping relay) against a pair whose primary had
 * {@code key omkey { algorithm hmac-md5; secret "dGVzdC1vbmx5LW9tYXBpLWtleQ=="; } omapi-key omkey;}.
 * omshell's transaction ids start at glibc's first {@code random()} value, 0x6b8b4567.
 */
final class RecordedSessions {

  /** The key of the signed sessions (a test-only secret, the base64 of "test-only-omapi-key"). */
  static final String KEY_NAME = "omkey";

  static final String KEY_SECRET = "dGVzdC1vbmx5LW9tYXBpLWtleQ==";

  /** The wrong secret of {@link #WRONG_SECRET} (base64 of "test-only-omapi-kez"). */
  static final String WRONG_SECRET_VALUE = "dGVzdC1vbmx5LW9tYXBpLWtleg==";

  /** omshell's first transaction id. */
  static final int FIRST_ID = 0x6b8b4567;

  private RecordedSessions() {}

  /** Reference session 1 (omshell-open.txt): start-up, open failover-state "fo1", the object. */
  static final String OPEN_FO1 = """
      # segment 1: client -> server, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 2: server -> client, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 3: client -> server, 65 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00
      0010  6b 8b 45 67 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0e 66 61 69 6c 6f 76 65 72 2d 73 74 61 74 65
      0030  00 00 00 04 6e 61 6d 65 00 00 00 03 66 6f 31 00
      0040  00
      # segment 4: server -> client, 506 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 01
      0010  55 0f 40 e4 6b 8b 45 67 00 00 00 04 6e 61 6d 65
      0020  00 00 00 03 66 6f 31 00 0f 70 61 72 74 6e 65 72
      0030  2d 61 64 64 72 65 73 73 00 00 00 08 e0 f9 48 36
      0040  92 55 00 00 00 0c 70 61 72 74 6e 65 72 2d 70 6f
      0050  72 74 00 00 00 04 00 00 02 87 00 0d 6c 6f 63 61
      0060  6c 2d 61 64 64 72 65 73 73 00 00 00 08 30 f9 48
      0070  36 92 55 00 00 00 0a 6c 6f 63 61 6c 2d 70 6f 72
      0080  74 00 00 00 04 00 00 02 87 00 17 6d 61 78 2d 6f
      0090  75 74 73 74 61 6e 64 69 6e 67 2d 75 70 64 61 74
      00a0  65 73 00 00 00 04 00 00 00 0a 00 04 6d 63 6c 74
      00b0  00 00 00 04 00 00 0e 10 00 15 6c 6f 61 64 2d 62
      00c0  61 6c 61 6e 63 65 2d 6d 61 78 2d 73 65 63 73 00
      00d0  00 00 04 00 00 00 03 00 10 6c 6f 61 64 2d 62 61
      00e0  6c 61 6e 63 65 2d 68 62 61 00 00 00 20 ff ff ff
      00f0  ff ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00
      0100  00 00 00 00 00 00 00 00 00 00 00 00 00 00 0d 70
      0110  61 72 74 6e 65 72 2d 73 74 61 74 65 00 00 00 04
      0120  00 00 00 02 00 0b 6c 6f 63 61 6c 2d 73 74 61 74
      0130  65 00 00 00 04 00 00 00 02 00 0c 70 61 72 74 6e
      0140  65 72 2d 73 74 6f 73 00 00 00 04 6b 05 e9 22 00
      0150  0a 6c 6f 63 61 6c 2d 73 74 6f 73 00 00 00 04 6b
      0160  05 e9 22 00 09 68 69 65 72 61 72 63 68 79 00 00
      0170  00 04 00 00 00 00 00 10 6c 61 73 74 2d 70 61 63
      0180  6b 65 74 2d 73 65 6e 74 00 00 00 04 00 00 00 00
      0190  00 17 6c 61 73 74 2d 74 69 6d 65 73 74 61 6d 70
      01a0  2d 72 65 63 65 69 76 65 64 00 00 00 04 00 00 00
      01b0  00 00 04 73 6b 65 77 00 00 00 04 00 00 00 00 00
      01c0  12 6d 61 78 2d 72 65 73 70 6f 6e 73 65 2d 64 65
      01d0  6c 61 79 00 00 00 04 00 00 00 3c 00 13 63 75 72
      01e0  2d 75 6e 61 63 6b 65 64 2d 75 70 64 61 74 65 73
      01f0  00 00 00 04 00 00 00 00 00 00
      """;

  /** Reference session 2 (omshell-partner-down.txt): open "fo1", update local-state to 4, status 0. */
  static final String OPEN_AND_PARTNER_DOWN = """
      # segment 5: server -> client, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 6: client -> server, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 7: client -> server, 65 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00
      0010  6b 8b 45 67 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0e 66 61 69 6c 6f 76 65 72 2d 73 74 61 74 65
      0030  00 00 00 04 6e 61 6d 65 00 00 00 03 66 6f 31 00
      0040  00
      # segment 8: server -> client, 506 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 01
      0010  5b 6b d3 b5 6b 8b 45 67 00 00 00 04 6e 61 6d 65
      0020  00 00 00 03 66 6f 31 00 0f 70 61 72 74 6e 65 72
      0030  2d 61 64 64 72 65 73 73 00 00 00 08 e0 f9 48 36
      0040  92 55 00 00 00 0c 70 61 72 74 6e 65 72 2d 70 6f
      0050  72 74 00 00 00 04 00 00 02 87 00 0d 6c 6f 63 61
      0060  6c 2d 61 64 64 72 65 73 73 00 00 00 08 30 f9 48
      0070  36 92 55 00 00 00 0a 6c 6f 63 61 6c 2d 70 6f 72
      0080  74 00 00 00 04 00 00 02 87 00 17 6d 61 78 2d 6f
      0090  75 74 73 74 61 6e 64 69 6e 67 2d 75 70 64 61 74
      00a0  65 73 00 00 00 04 00 00 00 0a 00 04 6d 63 6c 74
      00b0  00 00 00 04 00 00 0e 10 00 15 6c 6f 61 64 2d 62
      00c0  61 6c 61 6e 63 65 2d 6d 61 78 2d 73 65 63 73 00
      00d0  00 00 04 00 00 00 03 00 10 6c 6f 61 64 2d 62 61
      00e0  6c 61 6e 63 65 2d 68 62 61 00 00 00 20 ff ff ff
      00f0  ff ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00
      0100  00 00 00 00 00 00 00 00 00 00 00 00 00 00 0d 70
      0110  61 72 74 6e 65 72 2d 73 74 61 74 65 00 00 00 04
      0120  00 00 00 02 00 0b 6c 6f 63 61 6c 2d 73 74 61 74
      0130  65 00 00 00 04 00 00 00 02 00 0c 70 61 72 74 6e
      0140  65 72 2d 73 74 6f 73 00 00 00 04 6b 05 e9 22 00
      0150  0a 6c 6f 63 61 6c 2d 73 74 6f 73 00 00 00 04 6b
      0160  05 e9 22 00 09 68 69 65 72 61 72 63 68 79 00 00
      0170  00 04 00 00 00 00 00 10 6c 61 73 74 2d 70 61 63
      0180  6b 65 74 2d 73 65 6e 74 00 00 00 04 00 00 00 00
      0190  00 17 6c 61 73 74 2d 74 69 6d 65 73 74 61 6d 70
      01a0  2d 72 65 63 65 69 76 65 64 00 00 00 04 00 00 00
      01b0  00 00 04 73 6b 65 77 00 00 00 04 00 00 00 00 00
      01c0  12 6d 61 78 2d 72 65 73 70 6f 6e 73 65 2d 64 65
      01d0  6c 61 79 00 00 00 04 00 00 00 3c 00 13 63 75 72
      01e0  2d 75 6e 61 63 6b 65 64 2d 75 70 64 61 74 65 73
      01f0  00 00 00 04 00 00 00 00 00 00
      # segment 9: client -> server, 49 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 01
      0010  6b 8b 45 68 00 00 00 00 00 00 00 0b 6c 6f 63 61
      0020  6c 2d 73 74 61 74 65 00 00 00 04 00 00 00 04 00
      0030  00
      # segment 10: server -> client, 44 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 05 00 00 00 00
      0010  5b 6b d3 b6 6b 8b 45 68 00 06 72 65 73 75 6c 74
      0020  00 00 00 04 00 00 00 00 00 00 00 00
      """;

  /** Key {@link #KEY_NAME}/{@link #KEY_SECRET}: authenticator open, signed open of "fo1", signed update to partner-down, signed status 0. */
  static final String SIGNED_OPEN_AND_PARTNER_DOWN = """
      # segment 1: client -> server, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 2: server -> client, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 3: client -> server, 106 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00
      0010  6b 8b 45 67 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0d 61 75 74 68 65 6e 74 69 63 61 74 6f 72 00
      0030  00 00 04 6e 61 6d 65 00 00 00 05 6f 6d 6b 65 79
      0040  00 09 61 6c 67 6f 72 69 74 68 6d 00 00 00 19 68
      0050  6d 61 63 2d 6d 64 35 2e 53 49 47 2d 41 4c 47 2e
      0060  52 45 47 2e 49 4e 54 2e 00 00
      # segment 4: server -> client, 83 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 01
      0010  12 24 1e d6 6b 8b 45 67 00 00 00 04 6e 61 6d 65
      0020  00 00 00 05 6f 6d 6b 65 79 00 09 61 6c 67 6f 72
      0030  69 74 68 6d 00 00 00 19 68 6d 61 63 2d 6d 64 35
      0040  2e 53 49 47 2d 41 4c 47 2e 52 45 47 2e 49 4e 54
      0050  2e 00 00
      # segment 5: client -> server, 81 bytes
      0000  00 00 00 01 00 00 00 10 00 00 00 01 00 00 00 00
      0010  6b 8b 45 68 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0e 66 61 69 6c 6f 76 65 72 2d 73 74 61 74 65
      0030  00 00 00 04 6e 61 6d 65 00 00 00 03 66 6f 31 00
      0040  00 fd b6 99 58 b7 5a 22 95 ce 8e ad 53 cb f7 e7
      0050  b6
      # segment 6: server -> client, 522 bytes
      0000  00 00 00 01 00 00 00 10 00 00 00 03 00 00 00 02
      0010  12 24 1e d7 6b 8b 45 68 00 00 00 04 6e 61 6d 65
      0020  00 00 00 03 66 6f 31 00 0f 70 61 72 74 6e 65 72
      0030  2d 61 64 64 72 65 73 73 00 00 00 08 40 1c 93 3e
      0040  b7 55 00 00 00 0c 70 61 72 74 6e 65 72 2d 70 6f
      0050  72 74 00 00 00 04 00 00 02 87 00 0d 6c 6f 63 61
      0060  6c 2d 61 64 64 72 65 73 73 00 00 00 08 90 1b 93
      0070  3e b7 55 00 00 00 0a 6c 6f 63 61 6c 2d 70 6f 72
      0080  74 00 00 00 04 00 00 02 87 00 17 6d 61 78 2d 6f
      0090  75 74 73 74 61 6e 64 69 6e 67 2d 75 70 64 61 74
      00a0  65 73 00 00 00 04 00 00 00 0a 00 04 6d 63 6c 74
      00b0  00 00 00 04 00 00 0e 10 00 15 6c 6f 61 64 2d 62
      00c0  61 6c 61 6e 63 65 2d 6d 61 78 2d 73 65 63 73 00
      00d0  00 00 04 00 00 00 03 00 10 6c 6f 61 64 2d 62 61
      00e0  6c 61 6e 63 65 2d 68 62 61 00 00 00 20 ff ff ff
      00f0  ff ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00
      0100  00 00 00 00 00 00 00 00 00 00 00 00 00 00 0d 70
      0110  61 72 74 6e 65 72 2d 73 74 61 74 65 00 00 00 04
      0120  00 00 00 03 00 0b 6c 6f 63 61 6c 2d 73 74 61 74
      0130  65 00 00 00 04 00 00 00 00 00 0c 70 61 72 74 6e
      0140  65 72 2d 73 74 6f 73 00 00 00 04 6b 06 c8 d8 00
      0150  0a 6c 6f 63 61 6c 2d 73 74 6f 73 00 00 00 04 6b
      0160  06 c8 cd 00 09 68 69 65 72 61 72 63 68 79 00 00
      0170  00 04 00 00 00 00 00 10 6c 61 73 74 2d 70 61 63
      0180  6b 65 74 2d 73 65 6e 74 00 00 00 04 00 00 00 00
      0190  00 17 6c 61 73 74 2d 74 69 6d 65 73 74 61 6d 70
      01a0  2d 72 65 63 65 69 76 65 64 00 00 00 04 00 00 00
      01b0  00 00 04 73 6b 65 77 00 00 00 04 00 00 00 00 00
      01c0  12 6d 61 78 2d 72 65 73 70 6f 6e 73 65 2d 64 65
      01d0  6c 61 79 00 00 00 04 00 00 00 3c 00 13 63 75 72
      01e0  2d 75 6e 61 63 6b 65 64 2d 75 70 64 61 74 65 73
      01f0  00 00 00 04 00 00 00 00 00 00 c2 c6 e1 02 3a b6
      0200  c4 76 53 d8 2a 83 de c6 a8 0b
      # segment 7: client -> server, 65 bytes
      0000  00 00 00 01 00 00 00 10 00 00 00 03 00 00 00 02
      0010  6b 8b 45 69 00 00 00 00 00 00 00 0b 6c 6f 63 61
      0020  6c 2d 73 74 61 74 65 00 00 00 04 00 00 00 04 00
      0030  00 de a4 ef f2 da a7 9a 3e 21 5d 5c 55 67 3b 0c
      0040  34
      # segment 8: server -> client, 60 bytes
      0000  00 00 00 01 00 00 00 10 00 00 00 05 00 00 00 00
      0010  12 24 1e d8 6b 8b 45 69 00 06 72 65 73 75 6c 74
      0020  00 00 00 04 00 00 00 00 00 00 00 00 21 bd 02 0c
      0030  c9 f7 dc e3 29 72 cf d9 5f 20 93 68
      """;

  /** Key {@link #KEY_NAME}/{@link #KEY_SECRET}: signed open of "nope", signed status 23 "no object matches specification". */
  static final String SIGNED_OPEN_UNKNOWN_PEER = """
      # segment 1: client -> server, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 2: server -> client, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 3: client -> server, 106 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00
      0010  6b 8b 45 67 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0d 61 75 74 68 65 6e 74 69 63 61 74 6f 72 00
      0030  00 00 04 6e 61 6d 65 00 00 00 05 6f 6d 6b 65 79
      0040  00 09 61 6c 67 6f 72 69 74 68 6d 00 00 00 19 68
      0050  6d 61 63 2d 6d 64 35 2e 53 49 47 2d 41 4c 47 2e
      0060  52 45 47 2e 49 4e 54 2e 00 00
      # segment 4: server -> client, 83 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 01
      0010  43 a5 07 14 6b 8b 45 67 00 00 00 04 6e 61 6d 65
      0020  00 00 00 05 6f 6d 6b 65 79 00 09 61 6c 67 6f 72
      0030  69 74 68 6d 00 00 00 19 68 6d 61 63 2d 6d 64 35
      0040  2e 53 49 47 2d 41 4c 47 2e 52 45 47 2e 49 4e 54
      0050  2e 00 00
      # segment 5: client -> server, 82 bytes
      0000  00 00 00 01 00 00 00 10 00 00 00 01 00 00 00 00
      0010  6b 8b 45 68 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0e 66 61 69 6c 6f 76 65 72 2d 73 74 61 74 65
      0030  00 00 00 04 6e 61 6d 65 00 00 00 04 6e 6f 70 65
      0040  00 00 bb 52 20 37 01 54 31 f3 f6 1b 0f 45 c3 e8
      0050  60 b0
      # segment 6: server -> client, 104 bytes
      0000  00 00 00 01 00 00 00 10 00 00 00 05 00 00 00 00
      0010  43 a5 07 15 6b 8b 45 68 00 06 72 65 73 75 6c 74
      0020  00 00 00 04 00 00 00 17 00 07 6d 65 73 73 61 67
      0030  65 00 00 00 1f 6e 6f 20 6f 62 6a 65 63 74 20 6d
      0040  61 74 63 68 65 73 20 73 70 65 63 69 66 69 63 61
      0050  74 69 6f 6e 00 00 00 00 be 61 5a ae 80 0d 18 2f
      0060  3d 3e 5c 7a cc 61 f0 cb
      """;

  /** No key against a server with omapi-key: status 0x60009 "No authenticator on message". */
  static final String UNSIGNED_OPEN_ON_KEYED_SERVER = """
      # segment 1: client -> server, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 2: server -> client, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 3: client -> server, 65 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00
      0010  6b 8b 45 67 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0e 66 61 69 6c 6f 76 65 72 2d 73 74 61 74 65
      0030  00 00 00 04 6e 61 6d 65 00 00 00 03 66 6f 31 00
      0040  00
      # segment 4: server -> client, 84 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 05 00 00 00 00
      0010  0f 34 89 55 6b 8b 45 67 00 06 72 65 73 75 6c 74
      0020  00 00 00 04 00 06 00 09 00 07 6d 65 73 73 61 67
      0030  65 00 00 00 1b 4e 6f 20 61 75 74 68 65 6e 74 69
      0040  63 61 74 6f 72 20 6f 6e 20 6d 65 73 73 61 67 65
      0050  00 00 00 00
      """;

  /** Key {@link #KEY_NAME} with secret {@link #WRONG_SECRET_VALUE}: open signed with the wrong secret, answered with an unsigned status 0x6000b; omshell then gave up. */
  static final String WRONG_SECRET = """
      # segment 1: client -> server, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 2: server -> client, 8 bytes
      0000  00 00 00 64 00 00 00 18
      # segment 3: client -> server, 106 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00
      0010  6b 8b 45 67 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0d 61 75 74 68 65 6e 74 69 63 61 74 6f 72 00
      0030  00 00 04 6e 61 6d 65 00 00 00 05 6f 6d 6b 65 79
      0040  00 09 61 6c 67 6f 72 69 74 68 6d 00 00 00 19 68
      0050  6d 61 63 2d 6d 64 35 2e 53 49 47 2d 41 4c 47 2e
      0060  52 45 47 2e 49 4e 54 2e 00 00
      # segment 4: server -> client, 83 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 01
      0010  2c 01 c4 64 6b 8b 45 67 00 00 00 04 6e 61 6d 65
      0020  00 00 00 05 6f 6d 6b 65 79 00 09 61 6c 67 6f 72
      0030  69 74 68 6d 00 00 00 19 68 6d 61 63 2d 6d 64 35
      0040  2e 53 49 47 2d 41 4c 47 2e 52 45 47 2e 49 4e 54
      0050  2e 00 00
      # segment 5: client -> server, 81 bytes
      0000  00 00 00 01 00 00 00 10 00 00 00 01 00 00 00 00
      0010  6b 8b 45 68 00 00 00 00 00 04 74 79 70 65 00 00
      0020  00 0e 66 61 69 6c 6f 76 65 72 2d 73 74 61 74 65
      0030  00 00 00 04 6e 61 6d 65 00 00 00 03 66 6f 31 00
      0040  00 e8 29 fe 17 37 1b 59 b2 ae 16 f2 f9 79 dd b4
      0050  6f
      # segment 6: server -> client, 44 bytes
      0000  00 00 00 00 00 00 00 00 00 00 00 05 00 00 00 00
      0010  2c 01 c4 65 6b 8b 45 68 00 06 72 65 73 75 6c 74
      0020  00 00 00 04 00 06 00 0b 00 00 00 00
      """;
}
