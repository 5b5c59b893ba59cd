package dev.visiongateway.upstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.image.DataUrlText;

/**
 * A chat request written as the bytes the router receives, in one pass. The REST client's own JSON writer makes a
 * String of the whole body first and then its bytes: with a data URL inside, that is two more copies of every image,
 * the String's twice the size of the bytes (measured with bench/gateway-overhead.sh and a JFR profile).
 *
 * <p>Long strings that need no escaping, which is what a data URL's base64 is, are copied as they are: Jackson looks
 * at every character of a string to escape it, and for a 121 KB image that walk was a sixth of the gateway's time.
 */
final class JsonBody {

    /** Strings this long or longer are checked eight bytes at a time and, when nothing needs escaping, copied. */
    static final int RAW_FROM = 1024;

    private JsonBody() {
    }

    static byte[] of(ObjectMapper json, Object request) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder()) {
            try (JsonGenerator generator = new LongAsciiCopied(json.getFactory().createGenerator(bytes))) {
                json.writeValue(generator, request);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            // nothing here does I/O: the JSON goes into a byte array
            throw new UncheckedIOException("a chat request of JSON trees and records is always writable", e);
        }
    }

    /**
     * Whether {@code text} is all printable ASCII without a quote or a backslash, so that its bytes are its JSON
     * string as it stands; Jackson (with its defaults, as here) escapes nothing else.
     */
    static boolean needsNoEscaping(byte[] text) {
        return DataUrlText.plainLength(text, 0, text.length) == text.length;
    }

    private static final class LongAsciiCopied extends JsonGeneratorDelegate {

        LongAsciiCopied(JsonGenerator generator) {
            super(generator, false);
        }

        @Override
        public void writeString(String text) throws IOException {
            if (text != null && text.length() >= RAW_FROM) {
                // for a string of Latin-1 characters this is one copy of its bytes, which stay in the String
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                if (utf8.length == text.length() && needsNoEscaping(utf8)) {
                    delegate.writeRawUTF8String(utf8, 0, utf8.length);
                    return;
                }
            }
            delegate.writeString(text);
        }
    }
}
