package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.PhonePhotos;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.SentImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Full-size phone photos by upload (docs/ARCHITECTURE.md rule 2): six 6 MB photos in one form, spooled to disk,
 * read and decoded one at a time, sent shrunk and stripped; the uploads directory left as it was, whether the
 * request succeeds, fails, or the client hangs up in the middle of its upload. {@code PhonePhotosIT} runs the same at
 * the pod's heap (-Xmx192m).
 */
@QuarkusTest
class PhonePhotosTest extends RouterTest {

    /** {@code quarkus.http.body.uploads-directory}, the same for the app under test in this JVM or its own. */
    private static final Path UPLOADS = Path.of(System.getProperty("java.io.tmpdir"), "vision-gateway-uploads");
    private static final int PHOTOS = 6;

    @Test
    void sixPhonePhotosAreComparedThroughTheRouterEachShrunkAndStripped() {
        Set<Path> before = uploads();
        photos(given()).multiPart("prompt", "What changed between these photos?")
                .when().post("/v1/compare")
                .then().statusCode(200)
                .body("images", hasSize(PHOTOS))
                .body("images.source", everyItem(equalTo("upload")))
                .body("images.original.width", everyItem(equalTo(PhonePhotos.WIDTH)))
                .body("images.actions", everyItem(hasItem("metadata_stripped")))
                .body("images.actions", everyItem(hasItem("exif_orientation_applied")));

        List<byte[]> sent = SentImages.of(router);
        assertThat(sent).hasSize(PHOTOS).allSatisfy(image -> {
            BufferedImage decoded = SentImages.decode(image);
            assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isLessThanOrEqualTo(2048);
            // held upright: the camera's 4000 x 3000 is a portrait once turned
            assertThat(decoded.getHeight()).isGreaterThan(decoded.getWidth());
            assertThat(SentImages.metadataDirectories(image)).doesNotContain("GPS", "Exif IFD0", "Exif SubIFD");
        });
        awaitNoUploadsBut(before);
    }

    @Test
    void sixteenPhonePhotosInOneFormAndTwoFormsAtOnceStayWithinTheHeap() throws Exception {
        Set<Path> before = uploads();
        RequestSpecification sixteen = given();
        for (int i = 0; i < 16; i++) {
            sixteen.multiPart("image", "IMG_" + (100 + i) + ".jpg", PhonePhotos.photo(i % 8), "image/jpeg");
        }
        sixteen.when().post("/v1/compare").then().statusCode(200).body("images", hasSize(16));

        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<io.restassured.response.Response>> answers = clients.invokeAll(List.of(
                    () -> photos(given()).when().post("/v1/compare"),
                    () -> photos(given()).multiPart("model", "local/vision").when().post("/v1/compare")));
            for (java.util.concurrent.Future<io.restassured.response.Response> answer : answers) {
                assertThat(answer.get().statusCode()).as(answer.get().asString()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        awaitNoUploadsBut(before);
    }

    @Test
    void sixPhonePhotosAreComparedOfflineReadFromDiskOneAtATime() {
        Set<Path> before = uploads();
        String text = photos(given()).multiPart("model", "local/vision")
                .when().post("/v1/compare")
                .then().statusCode(200)
                .body("model", equalTo("local/vision"))
                .body("images", hasSize(PHOTOS))
                .extract().path("text");

        assertThat(text).contains("Image 2 compared with image 1", "Image " + PHOTOS + " compared with image 1");
        awaitNoUploadsBut(before);
    }

    @Test
    void aPhonePhotoIsStoredWithTheFilesApiShrunkAndStripped() {
        Set<Path> before = uploads();
        given().multiPart("file", "IMG_0007.jpg", PhonePhotos.photo(3), "image/jpeg")
                .when().post("/v1/files")
                .then().statusCode(200)
                .body("image.original.width", equalTo(PhonePhotos.WIDTH))
                .body("image.height", equalTo(2000))
                .body("image.actions", hasItem("metadata_stripped"));

        byte[] stored = dev.visiongateway.support.RouterStubs.fileUploads(router).get(0).getPart("file").getBody()
                .asBytes();
        assertThat(SentImages.metadataDirectories(stored)).doesNotContain("GPS", "Exif IFD0");
        awaitNoUploadsBut(before);
    }

    @Test
    void aFormThatFailsLeavesNoUploadBehind() {
        Set<Path> before = uploads();
        byte[] truncated = java.util.Arrays.copyOf(PhonePhotos.photo(0), 3_000_000);
        given().multiPart("image", "IMG_0001.jpg", PhonePhotos.photo(1), "image/jpeg")
                .multiPart("image", "IMG_0002.jpg", truncated, "image/jpeg")
                .when().post("/v1/compare")
                .then().statusCode(400)
                .body("code", equalTo("invalid_image"))
                .body("field", equalTo("image[1]"));

        awaitNoUploadsBut(before);
    }

    @Test
    void aClientThatHangsUpMidUploadLeavesNoUploadBehind() throws IOException {
        Set<Path> before = uploads();
        Upload upload = Upload.of(PhonePhotos.photo(2));
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(upload.headers());
            out.write(upload.body(), 0, upload.body().length / 2);
            out.flush();
            // the half sent is on disk: what follows proves it is deleted, not that it was never written
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !newUploads(before).isEmpty());
        }

        awaitNoUploadsBut(before);
    }

    @Test
    void aHangUpWhileAnotherFormArrivesDeletesNothingOfTheOther() throws Exception {
        Set<Path> before = uploads();
        byte[] photo = PhonePhotos.photo(4);
        try (Socket arriving = new Socket("127.0.0.1", RestAssured.port)) {
            arriving.setSoTimeout(60_000);
            OutputStream other = arriving.getOutputStream();
            Upload upload = Upload.of(photo);
            other.write(upload.headers());
            other.write(upload.body(), 0, upload.body().length / 2);
            other.flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> newUploads(before).size() == 1);
            Set<Path> othersFile = newUploads(before);
            try (Socket hangingUp = new Socket("127.0.0.1", RestAssured.port)) {
                Upload abandoned = Upload.of(PhonePhotos.photo(5));
                hangingUp.getOutputStream().write(abandoned.headers());
                hangingUp.getOutputStream().write(abandoned.body(), 0, abandoned.body().length / 3);
                hangingUp.getOutputStream().flush();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> newUploads(before).size() == 2);
            }
            // the hung-up form has ended; the other is still arriving, so its file must stay
            Thread.sleep(1500);
            assertThat(newUploads(before)).containsAll(othersFile);

            other.write(upload.body(), upload.body().length / 2, upload.body().length - upload.body().length / 2);
            other.flush();
            String answer = new String(arriving.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 200");
        }

        awaitNoUploadsBut(before);
    }

    /** A describe form of one photo, as raw HTTP. */
    private record Upload(byte[] body) {

        private static final String BOUNDARY = "phone-photo-boundary";

        static Upload of(byte[] photo) {
            byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"IMG.jpg\""
                    + "\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[head.length + photo.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(photo, 0, body, head.length, photo.length);
            System.arraycopy(tail, 0, body, head.length + photo.length, tail.length);
            return new Upload(body);
        }

        byte[] headers() {
            return ("POST /v1/describe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static RequestSpecification photos(RequestSpecification form) {
        for (int i = 0; i < PHOTOS; i++) {
            form.multiPart("image", "IMG_000" + (i + 1) + ".jpg", PhonePhotos.photo(i), "image/jpeg");
        }
        return form;
    }

    private static void awaitNoUploadsBut(Set<Path> before) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(newUploads(before))
                .as("files left in %s", UPLOADS).isEmpty());
    }

    private static Set<Path> newUploads(Set<Path> before) {
        Set<Path> now = new HashSet<>(uploads());
        now.removeAll(before);
        return now;
    }

    private static Set<Path> uploads() {
        if (!Files.isDirectory(UPLOADS)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(UPLOADS)) {
            return new HashSet<>(files.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
