package dev.visiongateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Optional;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.visiongateway.access.BodyAdmission;
import dev.visiongateway.image.DataUrlText;
import dev.visiongateway.vision.DataUrlNode;

/**
 * Reads a JSON object body ({@code /v1/chat/completions}) into a tree in which every long {@code data:} URL stays the
 * bytes the client sent ({@link DataUrlNode}): the parser steps over such a string without decoding it into
 * characters, the image is decoded from those bytes, and they are what the router's body carries (docs/
 * ARCHITECTURE.md rule 3). Everything else is the tree Jackson itself builds with the mapper's settings as they are
 * (Jackson's defaults for trees: ints as int, long or BigInteger, floats as double, the last of duplicate fields),
 * under the factory's limits ({@link JsonLimits}) and with the same errors; a string kept as bytes is bounded by the
 * body's size limit instead of the string length limit, which is larger.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
@Consumes({ MediaType.APPLICATION_JSON, "application/*+json", "text/json" })
public class JsonObjectReader implements ServerMessageBodyReader<ObjectNode> {

    /** Strings this long or longer that start with {@code data:} are kept as bytes; shorter ones are cheap anyway. */
    static final int BYTES_FROM = 1024;

    private final ObjectMapper json;

    JsonObjectReader(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod,
            MediaType mediaType) {
        return type == ObjectNode.class;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == ObjectNode.class;
    }

    @Override
    public ObjectNode readFrom(Class<ObjectNode> type, Type genericType, MediaType mediaType,
            ServerRequestContext context) throws IOException {
        return read(body(context.getInputStream(), context.getRequestHeaders().getLength()));
    }

    @Override
    public ObjectNode readFrom(Class<ObjectNode> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream entityStream) throws IOException {
        return read(entityStream.readAllBytes());
    }

    /**
     * The whole body, read straight into one array of its declared length (BodyAdmission makes JSON bodies declare
     * it): no growing buffers and no copy of a body of many megabytes.
     */
    private static byte[] body(InputStream in, int length) throws IOException {
        if (length < 0) {
            return in.readAllBytes();
        }
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        // a body cut short fails to parse, as it would have
        return read == length ? body : Arrays.copyOf(body, read);
    }

    /** The body as an object tree; null for an empty body, as Jackson's own reader gives. */
    ObjectNode read(byte[] body) throws IOException {
        try (JsonParser parser = json.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw MismatchedInputException.from(parser, ObjectNode.class, "Cannot deserialize value of type"
                        + " `ObjectNode` from " + describe(first) + " (the body must be a JSON object)");
            }
            return object(parser, body);
        }
    }

    private ObjectNode object(JsonParser parser, byte[] body) throws IOException {
        ObjectNode object = json.getNodeFactory().objectNode();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            object.replace(name, value(parser, body));
        }
        return object;
    }

    private JsonNode value(JsonParser parser, byte[] body) throws IOException {
        JsonNodeFactory nodes = json.getNodeFactory();
        return switch (parser.currentToken()) {
            case START_OBJECT -> object(parser, body);
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, body));
                }
                yield array;
            }
            case VALUE_STRING -> string(parser, body);
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw MismatchedInputException.from(parser, JsonNode.class, "Unexpected token "
                    + parser.currentToken());
        };
    }

    /**
     * A long {@code data:} URL as the body's own bytes, when they are its text as they stand (no escapes, ASCII
     * without control characters); any other string as Jackson reads it. The parser skips a string whose text nobody
     * asked for.
     */
    private static JsonNode string(JsonParser parser, byte[] body) throws IOException {
        long quote = parser.currentTokenLocation().getByteOffset();
        if (quote >= 0 && quote + BYTES_FROM < body.length && body[(int) quote] == '"'
                && startsWithData(body, (int) quote + 1)) {
            Optional<DataUrlText> text = DataUrlText.jsonString(body, (int) quote + 1)
                    .filter(url -> url.length() >= BYTES_FROM);
            if (text.isPresent()) {
                return new DataUrlNode(text.get());
            }
        }
        return TextNode.valueOf(parser.getText());
    }

    private static boolean startsWithData(byte[] body, int at) {
        String prefix = "data:";
        for (int i = 0; i < prefix.length(); i++) {
            if ((body[at + i] | 0x20) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "Array value";
            case VALUE_STRING -> "String value";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "Number value";
            case VALUE_TRUE, VALUE_FALSE -> "Boolean value";
            case VALUE_NULL -> "Null value";
            default -> token + " token";
        };
    }
}
