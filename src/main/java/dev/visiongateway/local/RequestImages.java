package dev.visiongateway.local;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.vision.ChatMessage;
import dev.visiongateway.vision.ChatRequest;
import dev.visiongateway.vision.ContentPart;

/**
 * The bytes of the images in a chat request, in order. The local engine works on bytes only: a remote URL or a
 * router file id is refused, since fetching is the intake's job, not the engine's.
 */
final class RequestImages {

    private RequestImages() {
    }

    static List<byte[]> of(ChatRequest request) {
        List<byte[]> images = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message instanceof ChatMessage.Parts parts) {
                for (ContentPart part : parts.content()) {
                    if (part instanceof ContentPart.ImageUrl url) {
                        images.add(bytes(url.imageUrl().url(), images.size()));
                    } else if (part instanceof ContentPart.InputFile) {
                        throw notBytes(images.size(), "a router file id");
                    }
                }
            }
        }
        if (images.isEmpty()) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "images", "The request holds no image.");
        }
        return images;
    }

    private static byte[] bytes(String url, int index) {
        if (url == null || !url.regionMatches(true, 0, "data:", 0, 5) || url.indexOf(',') < 0) {
            throw notBytes(index, "a remote URL");
        }
        try {
            return Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        } catch (IllegalArgumentException e) {
            throw GatewayProblem.of(ErrorCode.INVALID_DATA_URL, "images[" + index + "].url",
                    "The data URL is not valid base64: " + e.getMessage() + ".");
        }
    }

    private static GatewayProblem notBytes(int index, String what) {
        return GatewayProblem.of(ErrorCode.LOCAL_NEEDS_IMAGE_BYTES, "images[" + index + "]", "Image " + (index + 1)
                + " is " + what + "; the local models work on the image itself. Send it as a data: URL or an upload,"
                + " or name a router model.");
    }
}
