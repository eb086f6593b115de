/// The name of the built-in tool that reads the text of the conversation's images. A model
/// that cannot see takes image parts when a request allows this tool: it reads a short
/// placeholder for each image and calls the tool to read it.
public enum OCRToolName {
    public static let name = "ocr"
}
