package dev.visiongateway.image;

import javax.imageio.ImageIO;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;

/**
 * Keeps ImageIO off the disk: by default it caches every stream it wraps in a temp file under /tmp, which in the
 * pod is a 256 Mi emptyDir shared with multipart uploads and OCR files, so concurrent large images could fill it
 * and get the pod evicted. Decodes read from memory anyway ({@link GuardedImageInput}); this covers the encoders
 * and the local engine.
 */
@Singleton
class ImageIoSetup {

    void onStart(@Observes StartupEvent event) {
        ImageIO.setUseCache(false);
    }
}
