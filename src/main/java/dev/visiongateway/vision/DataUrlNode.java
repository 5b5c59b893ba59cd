package dev.visiongateway.vision;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ValueNode;

import dev.visiongateway.image.DataUrlText;

/**
 * A {@code data:} URL in a JSON message, held as the bytes the client sent ({@link DataUrlText}): a string node
 * to whatever reads the tree, written into the router's request body as those bytes. Asking for its text makes a
 * String of it; the image path never does. Equal only to another such node of the same text, not to a
 * {@code TextNode}.
 */
public final class DataUrlNode extends ValueNode {

    private static final long serialVersionUID = 1L;

    // Java serialization writes a node as its JSON (BaseJsonNode.writeReplace), never this field
    private final transient DataUrlText url;

    public DataUrlNode(DataUrlText url) {
        this.url = url;
    }

    public DataUrlText url() {
        return url;
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.STRING;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_STRING;
    }

    @Override
    public String textValue() {
        return url.toString();
    }

    @Override
    public String asText() {
        return url.toString();
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        url.serialize(generator, provider);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataUrlNode node && node.url.equals(url);
    }

    @Override
    public int hashCode() {
        return url.hashCode();
    }
}
