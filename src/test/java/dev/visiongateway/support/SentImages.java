package dev.visiongateway.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/** The images the fake router received, decoded, for assertions on what actually left the gateway. */
public final class SentImages {

    private SentImages() {
    }

    /** The bytes of every {@code data:} image of the last chat request, in order. */
    public static List<byte[]> of(WireMockServer router) {
        List<byte[]> images = new ArrayList<>();
        for (JsonNode message : RouterStubs.lastChatRequest(router).path("messages")) {
            for (JsonNode part : message.path("content")) {
                String url = part.path("image_url").path("url").asText("");
                if (url.startsWith("data:")) {
                    images.add(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
                }
            }
        }
        return images;
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metadata directory names metadata-extractor finds, e.g. "Exif IFD0", "GPS", "JPEG", "JFIF". */
    public static List<String> metadataDirectories(byte[] bytes) {
        try {
            List<String> names = new ArrayList<>();
            for (Directory directory : ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes)).getDirectories()) {
                names.add(directory.getName());
            }
            return names;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable image sent to the router", e);
        }
    }
}
