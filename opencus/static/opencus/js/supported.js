// Replaces GOV.UK Frontend's inline snippet (our CSP forbids inline scripts): marks the body
// so components know JavaScript modules can run.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
