package dev.failover.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadBalanceHashTest {

  @Test
  @DisplayName("RFC 3074's mixing table holds 256 distinct values, starting 251, 175, 119 and ending 234, 151")
  void tableIsAPermutation() {
    Set<Integer> seen = new HashSet<>();
    IntStream.range(0, 256).forEach(i -> seen.add(LoadBalanceHash.table(i)));
    assertThat(seen).hasSize(256).allSatisfy(v -> assertThat(v).isBetween(0, 255));
    assertThat(LoadBalanceHash.table(0)).isEqualTo(251);
    assertThat(LoadBalanceHash.table(1)).isEqualTo(175);
    assertThat(LoadBalanceHash.table(2)).isEqualTo(119);
    assertThat(LoadBalanceHash.table(254)).isEqualTo(234);
    assertThat(LoadBalanceHash.table(255)).isEqualTo(151);
  }

  @Test
  @DisplayName("the hash starts from the key's length and mixes the bytes from the last to the first (RFC 3074 section 6)")
  void hashByHand() {
    // one byte 0x00: hash = 1, then T[1 ^ 0] = 175
    assertThat(LoadBalanceHash.bucket(new byte[] {0})).isEqualTo(175);
    // two bytes {0x01, 0x02}: hash = 2; T[2 ^ 2] = T[0] = 251; T[251 ^ 1] = T[250] = 170
    assertThat(LoadBalanceHash.bucket(new byte[] {1, 2})).isEqualTo(LoadBalanceHash.table(251 ^ 1));
    assertThat(LoadBalanceHash.table(250)).isEqualTo(170);
    assertThat(LoadBalanceHash.bucket(new byte[] {1, 2})).isEqualTo(170);
  }

  @Test
  @DisplayName("an empty key, or one longer than 255 bytes, is refused")
  void bounds() {
    assertThatThrownBy(() -> LoadBalanceHash.bucket(new byte[0])).hasMessageContaining("1 to 255 bytes, was 0");
    assertThatThrownBy(() -> LoadBalanceHash.bucket(new byte[256])).hasMessageContaining("was 256");
  }

  @Test
  @DisplayName("over many hardware addresses the buckets spread over both halves")
  void spreads() {
    int low = 0;
    for (int i = 0; i < 1000; i++) {
      if (LoadBalanceHash.bucket(new byte[] {2, 0, 0, 0, (byte) (i >> 8), (byte) i}) < 128) {
        low++;
      }
    }
    assertThat(low).isBetween(400, 600);
  }
}
