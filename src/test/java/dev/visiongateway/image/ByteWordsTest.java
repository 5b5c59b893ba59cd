package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The combined test of eight bytes at once answers exactly as a byte-by-byte look, whatever byte sits where and
 * whatever its neighbours (a borrow from one byte's subtraction into the next is where such tests go wrong).
 */
class ByteWordsTest {

    private static final int[] NEIGHBOURS = { 0x20, 0x21, 0x22, 0x23, 0x2F, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0x00,
            0x1F, 'A', 'z', '0', '+', '=' };

    @Test
    void allJsonPlainIsTheByteByByteAnswer() {
        byte[] word = new byte[Long.BYTES];
        for (int neighbour : NEIGHBOURS) {
            for (int other : NEIGHBOURS) {
                for (int at = 0; at < Long.BYTES; at++) {
                    for (int value = 0; value < 256; value++) {
                        for (int i = 0; i < Long.BYTES; i++) {
                            word[i] = (byte) (i < at ? neighbour : other);
                        }
                        word[at] = (byte) value;
                        boolean expected = true;
                        for (byte b : word) {
                            int c = b & 0xFF;
                            expected &= c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
                        }
                        assertThat(ByteWords.allJsonPlain(ByteWords.at(word, 0)))
                                .as("0x%02x at %d between 0x%02x and 0x%02x", value, at, neighbour, other)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }
}
