package dev.failover.isc.omapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The codec alone: recorded messages, round trips, signatures, and hostile bytes. */
class OmapiWireTest {

  private static final long SEED = 0x0a9a_2026L;
  private static final int CASES = Integer.getInteger("failover.property.cases", 1000);
  private static final byte[] KEY = Base64.getDecoder().decode(RecordedSessions.KEY_SECRET);

  private static OmapiMessage decode(byte[] bytes) throws IOException {
    return OmapiWire.decode(new DataInputStream(new ByteArrayInputStream(bytes)), OmapiWire.HEADER_SIZE);
  }

  /** Every recorded message (start-up exchanges left out), each with whether it was signed. */
  private static List<byte[]> recordedMessages() {
    List<byte[]> all = new ArrayList<>();
    for (String session : List.of(RecordedSessions.OPEN_FO1, RecordedSessions.OPEN_AND_PARTNER_DOWN,
        RecordedSessions.SIGNED_OPEN_AND_PARTNER_DOWN, RecordedSessions.SIGNED_OPEN_UNKNOWN_PEER,
        RecordedSessions.UNSIGNED_OPEN_ON_KEYED_SERVER, RecordedSessions.WRONG_SECRET)) {
      for (ReplayServer.Segment s : ReplayServer.parse(session)) {
        if (s.bytes().length > 8) {
          all.add(s.bytes());
        }
      }
    }
    return all;
  }

  @Test
  @DisplayName("decoding and re-encoding every message dhcpd and omshell exchanged gives back the same bytes, signatures included")
  void recordedMessagesRoundTrip() throws IOException {
    List<byte[]> messages = recordedMessages();
    assertThat(messages.size()).isEqualTo(22);
    int signed = 0;
    for (byte[] bytes : messages) {
      OmapiMessage m = decode(bytes);
      boolean isSigned = m.authId != 0;
      if (isSigned && m.signature.length == 16 && new OmapiWire.HmacMd5(KEY).verifies(m.signedBytes, m.signature)) {
        signed++;
        assertThat(OmapiWire.encode(m, new OmapiWire.HmacMd5(KEY))).isEqualTo(bytes);
      } else if (!isSigned) {
        assertThat(OmapiWire.encode(m, null)).isEqualTo(bytes);
      }
    }
    // signed open, answer, update and status in the partner-down session, open and status in the unknown-peer one;
    // the wrong-secret request is signed with the other secret and does not verify with KEY
    assertThat(signed).isEqualTo(6);
  }

  @Test
  @DisplayName("the wrong-secret request verifies with the wrong secret only: the HMAC covers authlen to the end of the object list")
  void signatureCoverage() throws IOException {
    byte[] request = ReplayServer.parse(RecordedSessions.WRONG_SECRET).get(4).bytes();
    OmapiMessage m = decode(request);
    byte[] wrong = Base64.getDecoder().decode(RecordedSessions.WRONG_SECRET_VALUE);
    assertThat(new OmapiWire.HmacMd5(wrong).verifies(m.signedBytes, m.signature)).isTrue();
    assertThat(new OmapiWire.HmacMd5(KEY).verifies(m.signedBytes, m.signature)).isFalse();
    assertThat(m.signedBytes.length).isEqualTo(request.length - 4 - 16);
  }

  @Test
  @DisplayName("the start-up message is protocol version 100 and header size 24")
  void startup() {
    assertThat(OmapiWire.startup()).containsExactly(0, 0, 0, 100, 0, 0, 0, 24);
  }

  private static Gen<List<OmapiMessage.Value>> valueLists() {
    Gen<String> names = strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(1, 40);
    Gen<byte[]> values = lists().of(integers().between(0, 255)).ofSizeBetween(0, 40).map(l -> {
      byte[] b = new byte[l.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (int) l.get(i);
      }
      return b;
    });
    Gen<OmapiMessage.Value> value = names.zip(values, OmapiMessage.Value::new);
    return lists().of(value).ofSizeBetween(0, 8);
  }

  /** handle, op, id, rid. */
  private static Gen<int[]> headers() {
    return integers().all().zip(integers().between(1, 6), integers().all(), integers().all(),
        (handle, op, id, rid) -> new int[] {handle, op, id, rid});
  }

  @Test
  @DisplayName("property: any message encodes and decodes to itself, signed or not, and a signed one verifies")
  void roundTrip() {
    qt().withFixedSeed(SEED).withExamples(CASES)
        .forAll(headers(), valueLists(), valueLists())
        .checkAssert((header, messageValues, objectValues) -> {
          for (boolean signed : new boolean[] {false, true}) {
            int authId = signed ? 1 + (header[0] & 0xff) : 0;
            OmapiMessage m = new OmapiMessage(authId, header[1], header[0], header[2], header[3], messageValues,
                objectValues);
            OmapiWire.HmacMd5 key = signed ? new OmapiWire.HmacMd5(KEY) : null;
            try {
              OmapiMessage back = decode(OmapiWire.encode(m, key));
              assertThat(back.toString()).as("seed %s", SEED).isEqualTo(m.toString());
              assertThat(back.messageValues).isEqualTo(messageValues);
              assertThat(back.objectValues).isEqualTo(objectValues);
              assertThat(back.signature).hasSize(signed ? 16 : 0);
              if (signed) {
                assertThat(key.verifies(back.signedBytes, back.signature)).isTrue();
              }
            } catch (IOException e) {
              fail("seed " + SEED + ": " + m + " did not decode: " + e);
            }
          }
        });
  }

  @Test
  @DisplayName("property: changing any signed byte of a signed message makes it fail to decode or fail to verify")
  void tamperingIsDetected() {
    byte[] original = ReplayServer.parse(RecordedSessions.SIGNED_OPEN_AND_PARTNER_DOWN).get(6).bytes();
    qt().withFixedSeed(SEED).withExamples(CASES)
        .forAll(integers().between(4, original.length - 1), integers().between(1, 255))
        .checkAssert((position, flip) -> {
          byte[] tampered = original.clone();
          tampered[position] = (byte) (tampered[position] ^ flip);
          try {
            OmapiMessage m = decode(tampered);
            assertThat(new OmapiWire.HmacMd5(KEY).verifies(m.signedBytes, m.signature))
                .as("seed %s: byte %s xor %s", SEED, position, flip).isFalse();
          } catch (IOException expected) {
            // a changed length: the stream no longer parses, which is as good as a failed check
          }
        });
  }

  @Test
  @DisplayName("property: arbitrary, truncated or corrupted bytes fail with an IOException, never an unchecked one")
  void totality() {
    List<byte[]> recorded = recordedMessages();
    qt().withFixedSeed(SEED).withExamples(CASES)
        .forAll(integers().between(0, recorded.size() - 1), integers().between(0, 600), arbitrary().pick(0, 1, 2),
            integers().all())
        .checkAssert((which, cut, mode, noise) -> {
          byte[] base = recorded.get(which);
          byte[] bytes;
          Random random = new Random(noise);
          if (mode == 0) {
            bytes = java.util.Arrays.copyOf(base, Math.min(cut, base.length));
          } else if (mode == 1) {
            bytes = base.clone();
            for (int i = 0; i < 1 + (cut % 8); i++) {
              bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
          } else {
            bytes = new byte[cut];
            random.nextBytes(bytes);
          }
          try {
            decode(bytes);
          } catch (IOException expected) {
            // EOFException or OmapiFormatException: both become TRANSPORT errors in the client
          } catch (RuntimeException e) {
            fail("seed " + SEED + ": unchecked " + e + " for " + OmapiWire.hex(bytes));
          }
        });
  }

  @Test
  @DisplayName("a length over the limits is refused before anything is allocated")
  void limits() {
    byte[] hugeValue = concat(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
            new byte[] {0, 4}, "type".getBytes(StandardCharsets.US_ASCII), new byte[] {0x7f, (byte) 0xff, (byte) 0xff,
                (byte) 0xff});
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> decode(hugeValue)))
        .isInstanceOf(OmapiWire.OmapiFormatException.class).hasMessageContaining("over the limit");
    byte[] hugeAuth = new byte[] {0, 0, 0, 1, 0x10, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> decode(hugeAuth)))
        .isInstanceOf(OmapiWire.OmapiFormatException.class).hasMessageContaining("authenticator length");
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
