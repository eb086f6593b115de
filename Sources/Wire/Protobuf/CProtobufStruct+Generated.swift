import CFlintProto

// The protoc-c structs bridged so far, each naming its generated *__init(). Bridging
// another message starts with its conformance here.

extension Flint__V1__Settings: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__settings__init(message)
    }
}

extension Flint__V1__RequestHeaders: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__request_headers__init(message)
    }
}

extension Flint__V1__RequestHeaders__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__request_headers__metadata_entry__init(message)
    }
}

extension Flint__V1__RateLimitState: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__rate_limit_state__init(message)
    }
}

extension Flint__V1__ResponseHeaders: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__response_headers__init(message)
    }
}

extension Flint__V1__ResponseHeaders__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__response_headers__metadata_entry__init(message)
    }
}

extension Flint__V1__QuotaFailure: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__quota_failure__init(message)
    }
}

extension Flint__V1__FieldViolation: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__field_violation__init(message)
    }
}

extension Flint__V1__ErrorInfo: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__error_info__init(message)
    }
}

extension Flint__V1__ErrorInfo__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__error_info__metadata_entry__init(message)
    }
}

extension Flint__V1__StatusDetail: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__status_detail__init(message)
    }
}

extension Flint__V1__Status: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__status__init(message)
    }
}

extension Flint__V1__GoAway: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__go_away__init(message)
    }
}

extension Flint__V1__HealthCheckRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__health_check_request__init(message)
    }
}

extension Flint__V1__HealthCheckResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__health_check_response__init(message)
    }
}

extension Flint__V1__ImagePart: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__image_part__init(message)
    }
}

extension Flint__V1__Subtask: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__subtask__init(message)
    }
}
