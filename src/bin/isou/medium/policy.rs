//! `isou policy check`: the policy in force, as the commands will apply it.

use isou::policy::Policy;
use isou::untrusted::sanitize;

use crate::cli::Cli;
use crate::error::CliError;
use crate::output::outln;

/// Prints the policy in force: its file, organisation, default class, time zone,
/// handlers, contacts and the rules of each class.
pub fn policy_check(cli: &Cli) -> Result<(), CliError> {
    let p = super::load_policy(cli)?;
    match &p.source {
        Some(src) => outln!(
            "{}",
            isou::tr!(
                "policy-check-file",
                path = sanitize(&src.display().to_string())
            )
        ),
        None => outln!("{}", isou::tr!("policy-check-no-file")),
    }
    outln!(
        "{}",
        if p.organization.is_empty() {
            isou::tr!("policy-check-organization-unset")
        } else {
            isou::tr!(
                "policy-check-organization",
                name = sanitize(&p.organization)
            )
        }
    );
    outln!(
        "{}",
        isou::tr!(
            "policy-check-default-class",
            class = p.default_class.label()
        )
    );
    outln!(
        "{}",
        isou::tr!(
            "policy-check-time-zone",
            zone = sanitize(p.time_zone.name())
        )
    );
    outln!("{}", handlers_line(&p));
    for c in &p.contacts {
        let (_, card) = p.contact(&c.name).expect("checked when loaded");
        outln!(
            "{}",
            isou::tr!(
                "policy-check-contact",
                name = sanitize(&c.name),
                recipient = card.recipient.to_string(),
                signer = isou::signature::fingerprint(&card.signing_key)
            )
        );
    }
    for (identifiable, r) in [(true, &p.identifiable), (false, &p.anonymized)] {
        outln!("{}", rules_line(identifiable, r));
    }
    Ok(())
}

/// The designated handlers, or that anyone may handle.
fn handlers_line(p: &Policy) -> String {
    if p.handlers.is_empty() {
        return isou::tr!("policy-check-handlers-any");
    }
    // Everything from the file passes the sanitiser: an escape sequence in a name
    // would otherwise drive the terminal (CWE-150).
    let shown: Vec<String> = p
        .handlers
        .iter()
        .map(|h| {
            if h.name == h.account {
                sanitize(&h.name)
            } else {
                isou::tr!(
                    "policy-check-handler-account",
                    name = sanitize(&h.name),
                    account = sanitize(&h.account)
                )
            }
        })
        .collect();
    isou::tr!("policy-check-handlers", handlers = shown.join(", "))
}

/// The rules of one class, as a line.
fn rules_line(identifiable: bool, r: &isou::policy::ClassRules) -> String {
    let yes_no = |b: bool| {
        if b {
            isou::tr!("policy-check-yes")
        } else {
            isou::tr!("policy-check-no")
        }
    };
    let tracked = yes_no(r.tracked_carriers_only);
    let envelope = yes_no(r.require_envelope_confirmation);
    let attendance = yes_no(r.hand_carry_requires_attendance);
    match (identifiable, r.allowed_carriers.is_empty()) {
        (true, true) => isou::tr!(
            "policy-check-rules-identifiable",
            tracked = tracked,
            envelope = envelope,
            attendance = attendance
        ),
        (false, true) => isou::tr!(
            "policy-check-rules-anonymized",
            tracked = tracked,
            envelope = envelope,
            attendance = attendance
        ),
        (true, false) => isou::tr!(
            "policy-check-rules-identifiable-carriers",
            tracked = tracked,
            envelope = envelope,
            attendance = attendance,
            carriers = sanitize(&r.allowed_carriers.join(", "))
        ),
        (false, false) => isou::tr!(
            "policy-check-rules-anonymized-carriers",
            tracked = tracked,
            envelope = envelope,
            attendance = attendance,
            carriers = sanitize(&r.allowed_carriers.join(", "))
        ),
    }
}
