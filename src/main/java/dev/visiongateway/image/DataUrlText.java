package dev.visiongateway.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;

/**
 * The text of a {@code data:} URL as its bytes: a view into the request body the client sent, or the bytes of an
 * image the gateway encoded. A data URL crosses the gateway as these bytes from the request to the router's body,
 * never as a Java String: a 121 KB image as a String cost a parse into characters, two conversions to bytes and a
 * copy of each, 23 % of the gateway's allocation (bench/gateway-overhead, JFR).
 *
 * <p>
 * The text is ASCII without control characters (DEL aside), quotes or backslashes, so its bytes are its JSON string
 * as Jackson writes it and go into a JSON body without a look at each character. A view of a request body is checked
 * for that when it is made ({@link #jsonString}); a text made from a client's String holds it once
 * {@link DataUrlDecoder} accepted it (its media type is checked, the rest is base64).
 */
public final class DataUrlText implements CharSequence, JsonSerializable {

    /** An empty URL: what the body measures in place of an image before the image's own length is added. */
    public static final DataUrlText EMPTY = new DataUrlText(new byte[0], 0, 0);

    private final byte[] bytes;
    private final int offset;
    private final int length;

    DataUrlText(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /**
     * The bytes of {@code bytes} from {@code offset}, {@code length} of them, without a copy, when they are ASCII
     * without control characters, quotes or backslashes; the array must not change while the text is in use.
     */
    private static Optional<DataUrlText> plain(byte[] bytes, int offset, int length) {
        return plainLength(bytes, offset, offset + length) == length
                ? Optional.of(new DataUrlText(bytes, offset, length))
                : Optional.empty();
    }

    /**
     * The content of the JSON string whose first byte (after its opening quote) is at {@code from}, as a view, when
     * it holds no escape and only plain bytes (see {@link #plain}), that is, when the plain bytes from there end at
     * a quote; looked at once.
     */
    public static Optional<DataUrlText> jsonString(byte[] bytes, int from) {
        int length = plainLength(bytes, from, bytes.length);
        return from + length < bytes.length && bytes[from + length] == '"'
                ? Optional.of(new DataUrlText(bytes, from, length))
                : Optional.empty();
    }

    /** A data URL given as a String, which must be plain (see {@link #plain}); for tests and constants. */
    public static DataUrlText of(String url) {
        byte[] ascii = url.getBytes(StandardCharsets.ISO_8859_1);
        return plain(ascii, 0, ascii.length).orElseThrow(() -> new IllegalArgumentException(
                "a data URL of ASCII without control characters, quotes or backslashes was expected"));
    }

    /**
     * A client's data URL as it came in a String, one byte per character: plain only once {@link DataUrlDecoder}
     * accepted it. A character beyond ISO-8859-1 becomes 0, which the decoder refuses in the header (a control
     * character) and in the payload (not base64).
     */
    static DataUrlText unchecked(String url) {
        byte[] bytes = url.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length != url.length()) {
            // a surrogate pair became one '?': a character at a time, rarely and only for a URL that is refused
            bytes = new byte[url.length()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = url.charAt(i) > 0xff ? 0 : (byte) url.charAt(i);
            }
        } else {
            // '?' for a character beyond ISO-8859-1 would pass in the header
            for (int i = 0; i < bytes.length && bytes[i] != ','; i++) {
                if (url.charAt(i) > 0xff) {
                    bytes[i] = 0;
                }
            }
        }
        return new DataUrlText(bytes, 0, bytes.length);
    }

    /** The header of a base64 data URL of {@code format}, up to and with the comma. */
    static String header(ImageFormat format) {
        return "data:" + format.mimeType() + ";base64,";
    }

    /** {@code image} as a base64 data URL of {@code format}, in one array. */
    static DataUrlText encoded(ImageFormat format, byte[] image) {
        byte[] header = header(format).getBytes(StandardCharsets.US_ASCII);
        byte[] base64 = Base64.getEncoder().encode(image);
        byte[] url = Arrays.copyOf(header, header.length + base64.length);
        System.arraycopy(base64, 0, url, header.length, base64.length);
        return new DataUrlText(url, 0, url.length);
    }

    /**
     * How many bytes from {@code from} on (up to {@code to}) are ASCII other than control characters (DEL passes),
     * quotes and backslashes: what Jackson, with its defaults, writes into a JSON string as they are. Eight bytes are
     * looked at at a time.
     */
    public static int plainLength(byte[] bytes, int from, int to) {
        int i = from;
        while (i + Long.BYTES <= to && ByteWords.allJsonPlain(ByteWords.at(bytes, i))) {
            i += Long.BYTES;
        }
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') {
                break;
            }
        }
        return i - from;
    }

    /** Where the comma between the header and the base64 payload is; -1 without one. */
    int comma() {
        return indexOf((byte) ',');
    }

    /** The base64 payload from {@code start} (counted from the start of the URL), decoded: the image's bytes. */
    ByteBuffer decode(int start) {
        return Base64.getDecoder().decode(ByteBuffer.wrap(bytes, offset + start, length - start));
    }

    /** The image this URL carries, decoded again; for a URL the intake accepted (not {@link #EMPTY}). */
    public ByteBuffer image() {
        return decode(comma() + 1);
    }

    /** The declared media type, such as {@code image/png}, in lower case; for a URL the intake accepted. */
    public String mediaType() {
        int semicolon = indexOf((byte) ';');
        return toString(5, semicolon < 0 ? comma() : semicolon).toLowerCase(Locale.ROOT);
    }

    private int indexOf(byte value) {
        for (int i = 0; i < length; i++) {
            if (bytes[offset + i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the text starts with {@code prefix}, compared as it is. */
    boolean startsWith(String prefix) {
        if (prefix.length() > length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The same payload under the header of {@code format}: one copy, for a URL whose declared type was wrong. */
    DataUrlText withHeaderOf(ImageFormat format, int payloadStart) {
        byte[] header = header(format).getBytes(StandardCharsets.US_ASCII);
        int payload = length - payloadStart;
        byte[] url = Arrays.copyOf(header, header.length + payload);
        System.arraycopy(bytes, offset + payloadStart, url, header.length, payload);
        return new DataUrlText(url, 0, url.length);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (bytes[offset + index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString(start, end);
    }

    private String toString(int start, int end) {
        return new String(bytes, offset + start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The URL as a String: a copy, for messages and tests, never on the way to the router. */
    @Override
    public String toString() {
        return toString(0, length);
    }

    /**
     * Written as the bytes it holds where the JSON goes out as bytes (the router's request body); elsewhere, such
     * as into a String, as a String.
     */
    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (generator.getOutputTarget() instanceof OutputStream && generator.getCharacterEscapes() == null) {
            generator.writeRawUTF8String(bytes, offset, length);
        } else {
            generator.writeString(toString());
        }
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider provider, TypeSerializer types)
            throws IOException {
        serialize(generator, provider);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataUrlText text && Arrays.equals(bytes, offset, offset + length, text.bytes,
                text.offset, text.offset + text.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }
}
