import ToolSchema

/// The built-in `calculator` tool: exact arithmetic on arbitrary-size integers and rationals.
///
/// Arguments: `{"expression": "<text>"}`. The grammar (see `CalculatorEvaluator`): number literals (`12`, `1.25`,
/// `.5`), `+ - * /`, `^` (right-associative, integer exponents only), unary minus, parentheses, and one top-level
/// comparison `< <= > >= == !=`. Offsets in error messages are 0-based character offsets.
///
/// Result text (compact JSON):
/// - a number: `{"value":"7/3","decimal":"2.3333333333333333333","exact":false}`. `value` is exact: an integer
///   `"391"` or a reduced fraction `"-5/4"` (the sign on the numerator). `decimal` is the full integer for integers,
///   otherwise rounded half away from zero to 20 significant digits (scientific, like `"1e-30"`, beyond exponents
///   -7...20). `exact` tells whether `decimal` is exactly `value`.
/// - a comparison: `{"value":"true"}` or `{"value":"false"}` (no `decimal`, no `exact`).
///
/// Every bound in `bounds` and `limits` is a `ServerToolFailure`: division by zero, 0 raised to a negative power,
/// a non-integer or too-large exponent, a power whose result would exceed the digit bound (refused from the bit
/// widths before computing), too many operations, too-deep parentheses, syntax errors, an empty expression.
public struct Calculator: ServerTool {
    /// "calculator".
    public let name = "calculator"
    /// The bounds of one evaluation.
    public let bounds: CalculatorBounds
    /// 2 seconds (also enforced inside the evaluation) and 20,480 bytes, which fits the largest result.
    public let limits: ServerToolLimits

    /// Creates the calculator with its bounds and limits.
    public init(
        bounds: CalculatorBounds = .standard,
        limits: ServerToolLimits = ServerToolLimits(timeout: .seconds(2), maxOutputBytes: 20_480)
    ) {
        self.bounds = bounds
        self.limits = limits
    }

    /// What the model reads.
    public var description: String {
        """
        Exact calculator for integers and fractions of any size (no floating-point rounding): use it for any \
        arithmetic whose answer must be right. Supports numbers like 12, 1.25, .5; + - * /; ^ (power, integer \
        exponent, right-associative); unary minus; parentheses; and one comparison < <= > >= == != (answers \
        true/false). Returns JSON: "value" is exact (an integer or a reduced fraction like "7/3"), "decimal" is \
        the decimal form (20 significant digits unless an integer), "exact" says whether "decimal" is exact. \
        Limits: \(bounds.maxExpressionLength) characters, \(bounds.maxDigits) digits per number, exponents up to \
        ±\(bounds.maxExponent). No functions, variables, or factorial.
        """
    }

    /// `{"expression": string}`, required, with a pattern of the grammar's characters.
    public var parametersSchema: String {
        #"{"type":"object","properties":{"expression":{"type":"string","description":"#
            + #""The arithmetic expression, e.g. \"(2^100 + 1) / 3\" or \"0.1 + 0.2 == 0.3\".","#
            + #""minLength":1,"maxLength":\#(bounds.maxExpressionLength),"pattern":"^[0-9+\\-*/^().<>=! ]+$"}},"#
            + #""required":["expression"],"additionalProperties":false}"#
    }

    /// Evaluates `arguments.expression`.
    public func run(_ arguments: JSONValue, context _: ServerToolContext = ServerToolContext()) async throws(ServerToolFailure) -> String {
        let expression = try ToolArguments(arguments).requiredString("expression", maxLength: bounds.maxExpressionLength)
        return try evaluate(expression)
    }

    /// Evaluates one expression to the result text (synchronously; `run(_:)` without the arguments wrapper).
    public func evaluate(_ expression: String) throws(ServerToolFailure) -> String {
        let value = try CalculatorEvaluator.evaluate(expression, bounds: bounds, timeout: limits.timeout)
        var result = ResultJSON()
        switch value {
        case .boolean(let holds):
            result.add("value", holds ? "true" : "false")
        case .number(let number):
            let decimal = DecimalRendering.render(number)
            result.add("value", number.description)
            result.add("decimal", decimal.text)
            result.add("exact", decimal.exact)
        }
        return try limits.capped(result.text)
    }
}
