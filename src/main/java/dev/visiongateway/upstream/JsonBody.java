package dev.visiongateway.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.image.DataUrlText;

/**
 * A chat request for the router, written as JSON straight into the REST client's request buffer, in one pass. The
 * REST client's own JSON writer makes a String of the whole body first and then its bytes: with a data URL inside,
 * that is two more copies of every image, the String's twice the size of the bytes; writing the body into an array
 * first and handing that to the client was two more (measured with bench/gateway-overhead and a JFR profile).
 *
 * <p>
 * Long strings that need no escaping, which is what a data URL's base64 is, are copied as they are: Jackson looks
 * at every character of a string to escape it, and for a 121 KB image that walk was a sixth of the gateway's time.
 */
final class JsonBody {

    /** Strings this long or longer are checked eight bytes at a time and, when nothing needs escaping, copied. */
    static final int RAW_FROM = 1024;

    private final ObjectMapper json;
    private final Object request;

    private JsonBody(ObjectMapper json, Object request) {
        this.json = json;
        this.request = request;
    }

    static JsonBody of(ObjectMapper json, Object request) {
        return new JsonBody(json, request);
    }

    /** Not the request: it may hold megabytes of images. */
    @Override
    public String toString() {
        return "JsonBody[" + request.getClass().getSimpleName() + "]";
    }

    /**
     * Writes the request into {@code out}, the REST client's buffer ({@link JsonBodyWriter}): written there in one
     * pass, a body is not first built in a buffer of its own and then copied.
     */
    void writeTo(OutputStream out) throws IOException {
        // the client's buffer stays open: the client sends it
        JsonGenerator target = json.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (JsonGenerator generator = new LongAsciiCopied(target)) {
            json.writeValue(generator, request);
        }
    }

    /** The body as bytes, as the router receives it (for tests, which compare it with Jackson's own). */
    byte[] bytes() {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder()) {
            writeTo(bytes);
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
