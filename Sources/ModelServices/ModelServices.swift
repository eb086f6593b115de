// Placeholder: model backends arrive with the inference issue.
enum ModelServicesPlaceholder {}
