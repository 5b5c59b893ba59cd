package dev.visiongateway.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A chat request written as the bytes the router receives, in one pass. The REST client's own JSON writer makes a
 * String of the whole body first and then its bytes: with a data URL inside, that is two more copies of every image,
 * the String's twice the size of the bytes (measured with bench/gateway-overhead.sh and a JFR profile).
 */
final class JsonBody {

    private JsonBody() {
    }

    static byte[] of(ObjectMapper json, Object request) {
        try {
            return json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chat request of JSON trees and records is always writable", e);
        }
    }
}
