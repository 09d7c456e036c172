import Foundation

/// Raw messages as real mail programs and servers write them (CRLF line ends, their headers,
/// their quoting and encodings), for the tests of reading and classifying inbound mail.
/// Addresses are bare (`jo@example.test`) and Message-IDs are given without angle brackets;
/// every message gets a fresh Message-ID of its own.
public enum InboundFixtures {
    public enum OOOLanguage: String, CaseIterable, Sendable {
        case english, german, french, spanish
    }

    /// The day every `outOfOffice(language:)` message says its sender is back: 3 December 2026,
    /// midnight UTC. Their Date headers are in late November 2026, so the French and Spanish
    /// ones, which give no year, mean this year's.
    public static let outOfOfficeReturnDate = Date(timeIntervalSince1970: 1_796_256_000)

    // MARK: - Replies

    /// Gmail: text and HTML alternatives, the attribution line, and the quoted original, whose
    /// footer says "Unsubscribe". The new text is "Thanks — yes, let's talk next week. Does Tuesday work?".
    /// The References header lists `references` and then `inReplyTo`.
    public static func gmailReply(
        from: String = "jo@example.test", to: String = "ann@acme.test", subject: String = "Quick question",
        inReplyTo: String = "reach.5f0c8a52-3f7e-4c53-9a4b-1f6d2e7c9b10@acme.test", references: [String] = []
    ) -> String {
        let boundary = "000000000000" + token(12)
        return message([
            "MIME-Version: 1.0",
            "Date: Tue, 24 Nov 2026 17:41:08 +0100",
            "References: \(threadReferences(references, inReplyTo))",
            "In-Reply-To: <\(inReplyTo)>",
            "Message-ID: <CAF\(token(32))@mail.gmail.com>",
            "Subject: Re: \(subject)",
            "From: \(name(of: from)) <\(from)>",
            "To: \(name(of: to)) <\(to)>",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=\"UTF-8\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Thanks =E2=80=94 yes, let's talk next week. Does Tuesday work?",
            "",
            "On Tue, 24 Nov 2026 at 09:12, \(name(of: to)) <\(to)> wrote:",
            "",
            "> Hi \(name(of: from)),",
            ">",
            "> I saw that your team is hiring three SDRs this quarter. We help sales teams",
            "> get replies without buying another tool for every step.",
            ">",
            "> Worth a 15-minute call next week?",
            ">",
            "> \(name(of: to))",
            ">",
            "> Unsubscribe: https://reach.acme.test/u/p1.s1.4f2a9c",
            ">",
            "",
            "--\(boundary)",
            "Content-Type: text/html; charset=\"UTF-8\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "<div dir=3D\"ltr\">Thanks =E2=80=94 yes, let&#39;s talk next week. Does Tuesday=",
            " work?</div><br><div class=3D\"gmail_quote gmail_quote_container\"><div dir=",
            "=3D\"ltr\" class=3D\"gmail_attr\">On Tue, 24 Nov 2026 at 09:12, \(name(of: to)) &lt;<a =",
            "href=3D\"mailto:\(to)\">\(to)</a>&gt; wrote:<br></div><blockquote class=3D\"gmail=",
            "_quote\" style=3D\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,=",
            "204);padding-left:1ex\"><div dir=3D\"ltr\">Hi \(name(of: from)),<br><br>I saw that your te=",
            "am is hiring three SDRs this quarter. We help sales teams get replies without =",
            "buying another tool for every step.<br><br>Worth a 15-minute call next week?<b=",
            "r><br>\(name(of: to))<br><br><a href=3D\"https://reach.acme.test/u/p1.s1.4f2a9c\">Unsub=",
            "scribe</a></div></blockquote></div>",
            "",
            "--\(boundary)--",
            "",
        ])
    }

    /// Outlook on the web: HTML only, quoted-printable, the reply above a rule and Outlook's
    /// "From / Sent / To / Subject" block, with Exchange headers that do not mark an automatic
    /// answer (`X-Auto-Response-Suppress: All` is on ordinary Outlook mail). The new text is
    /// "Sounds good, send me the deck.".
    public static func outlookHTMLOnlyReply(
        from: String = "jo@example.test", to: String = "ann@acme.test", subject: String = "Quick question",
        inReplyTo: String = "reach.5f0c8a52-3f7e-4c53-9a4b-1f6d2e7c9b10@acme.test", references: [String] = []
    ) -> String {
        let server = "AM0PR07MB6194.eurprd07.prod.outlook.com"
        return message([
            "Received: from \(server) (2603:10a6:208:11c::21) by",
            " \(server) with HTTPS; Wed, 25 Nov 2026 08:03:51 +0000",
            "From: \(name(of: from)) <\(from)>",
            "To: \(name(of: to)) <\(to)>",
            "Subject: RE: \(subject)",
            "Thread-Topic: \(subject)",
            "Thread-Index: AQHZx2b3Tq0cJ0h8QkWm4Xg2vJ5w9K7yLm0A",
            "Date: Wed, 25 Nov 2026 08:03:51 +0000",
            "Message-ID: <\(outlookID(server))>",
            "References: \(threadReferences(references, inReplyTo))",
            "In-Reply-To: <\(inReplyTo)>",
            "Accept-Language: en-GB, en-US",
            "Content-Language: en-GB",
            "X-MS-Has-Attach:",
            "X-MS-TNEF-Correlator:",
            "X-Auto-Response-Suppress: All",
            "X-MS-Exchange-Organization-SCL: -1",
            "X-MS-Exchange-Organization-AuthAs: Internal",
            "x-ms-publictraffictype: Email",
            "x-ms-traffictypediagnostic: AM0PR07MB6194:EE_|DB9PR07MB7706:EE_",
            "Content-Type: text/html; charset=\"utf-8\"",
            "Content-Transfer-Encoding: quoted-printable",
            "MIME-Version: 1.0",
            "",
            "<html>",
            "<head>",
            "<meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3Dutf-8\">",
            "<style type=3D\"text/css\" style=3D\"display:none;\"> P {margin-top:0;margin-bo=",
            "ttom:0;} </style>",
            "</head>",
            "<body dir=3D\"ltr\">",
            "<div class=3D\"elementToProof\" style=3D\"font-family: Aptos, Aptos_EmbeddedFont=",
            ", Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; colo=",
            "r: rgb(0, 0, 0);\">",
            "Sounds good, send me the deck.</div>",
            "<div id=3D\"appendonsend\"></div>",
            "<hr style=3D\"display:inline-block;width:98%\" tabindex=3D\"-1\">",
            "<div id=3D\"divRplyFwdMsg\" dir=3D\"ltr\"><font face=3D\"Calibri, sans-serif\" s=",
            "tyle=3D\"font-size:11pt\" color=3D\"#000000\"><b>From:</b> \(name(of: to)) &lt;\(to)&gt;<br>",
            "<b>Sent:</b> Tuesday, November 24, 2026 9:12 AM<br>",
            "<b>To:</b> \(name(of: from)) &lt;\(from)&gt;<br>",
            "<b>Subject:</b> \(subject)</font>",
            "<div>&nbsp;</div>",
            "</div>",
            "<div>",
            "<div>Hi \(name(of: from)),</div>",
            "<div><br>",
            "</div>",
            "<div>I saw that your team is hiring three SDRs this quarter. Worth a 15-minute=",
            " call next week?</div>",
            "<div><br>",
            "</div>",
            "<div><a href=3D\"https://reach.acme.test/u/p1.s1.4f2a9c\">Unsubscribe</a></div>",
            "</div>",
            "</body>",
            "</html>",
            "",
        ])
    }

    /// A plain-text reply whose References header is garbage (unterminated and empty brackets)
    /// and which has no In-Reply-To, as some webmailers send. The new text is "Who is this?".
    public static func brokenReferencesReply(from: String = "jo@example.test", to: String = "ann@acme.test", subject: String = "Quick question") -> String {
        message([
            "Return-Path: <\(from)>",
            "Date: Wed, 25 Nov 2026 11:20:03 -0800",
            "From: \(name(of: from)) <\(from)>",
            "To: \(to)",
            "Subject: Re: \(subject)",
            "Message-ID: <\(token(20)).\(token(8))@webmail.\(domain(of: from))>",
            "References: <broken <also-broken@ <>",
            "\t>>< garbage-without-an-at-sign <",
            "User-Agent: Roundcube Webmail/1.6.9",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=US-ASCII; format=flowed",
            "Content-Transfer-Encoding: 7bit",
            "",
            "Who is this?",
            "",
            "On 2026-11-24 09:12, \(name(of: to)) wrote:",
            "> Hi \(name(of: from)),",
            "> ",
            "> Worth a 15-minute call next week?",
            "",
        ])
    }

    /// Apple Mail: a person asking to be removed, above the quoted original.
    public static func unsubscribeRequest(
        from: String = "jo@example.test", to: String = "ann@acme.test", subject: String = "Quick question",
        inReplyTo: String = "reach.5f0c8a52-3f7e-4c53-9a4b-1f6d2e7c9b10@acme.test", references: [String] = []
    ) -> String {
        message([
            "Content-Type: text/plain; charset=us-ascii",
            "Content-Transfer-Encoding: 7bit",
            "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.300.87.4.3\\))",
            "Subject: Re: \(subject)",
            "From: \(name(of: from)) <\(from)>",
            "In-Reply-To: <\(inReplyTo)>",
            "Date: Wed, 25 Nov 2026 14:02:37 +0100",
            "Message-Id: <\(UUID().uuidString)@\(domain(of: from))>",
            "References: \(threadReferences(references, inReplyTo))",
            "To: \(name(of: to)) <\(to)>",
            "X-Mailer: Apple Mail (2.3826.300.87.4.3)",
            "",
            "Please remove me from your list.",
            "",
            "> On 24 Nov 2026, at 09:12, \(name(of: to)) <\(to)> wrote:",
            "> ",
            "> Hi \(name(of: from)),",
            "> ",
            "> Worth a 15-minute call next week?",
            "> ",
            "> Unsubscribe: https://reach.acme.test/u/p1.s1.4f2a9c",
            "",
        ])
    }

    // MARK: - Out of office

    /// An out-of-office answer from the mail program usual for the language, each marked in a
    /// different way: English by `Auto-Submitted: auto-replied`, German by `X-Autoreply: yes` and
    /// its "Abwesenheitsnotiz" subject, French only by its encoded "Réponse automatique" subject,
    /// Spanish only by "Estoy fuera de la oficina" in its text. All are back on
    /// `outOfOfficeReturnDate`.
    public static func outOfOffice(
        language: OOOLanguage, from: String = "jo@example.test", to: String = "ann@acme.test", subject: String = "Quick question",
        inReplyTo: String = "reach.5f0c8a52-3f7e-4c53-9a4b-1f6d2e7c9b10@acme.test"
    ) -> String {
        switch language {
        case .english:
            let boundary = "000000000000" + token(12)
            return message([
                "MIME-Version: 1.0",
                "Date: Wed, 25 Nov 2026 09:30:12 -0800",
                "Message-ID: <CAF\(token(32))@mail.gmail.com>",
                "In-Reply-To: <\(inReplyTo)>",
                "References: <\(inReplyTo)>",
                "Subject: Out of office: \(subject)",
                "From: \(name(of: from)) <\(from)>",
                "To: \(to)",
                "Auto-Submitted: auto-replied",
                "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
                "",
                "--\(boundary)",
                "Content-Type: text/plain; charset=\"UTF-8\"",
                "",
                "Thank you for your email. I am out of the office until December 3, 2026 with",
                "limited access to email. For anything urgent, please contact",
                "team@\(domain(of: from)).",
                "",
                "--\(boundary)",
                "Content-Type: text/html; charset=\"UTF-8\"",
                "",
                "<div dir=\"ltr\">Thank you for your email. I am out of the office until December 3, 2026 with limited access to email. For anything urgent, please contact team@\(domain(of: from)).</div>",
                "",
                "--\(boundary)--",
                "",
            ])
        case .german:
            return message([
                "Return-Path: <\(from)>",
                "Date: Wed, 25 Nov 2026 18:30:12 +0100",
                "From: \(name(of: from)) <\(from)>",
                "To: \(to)",
                "Subject: Abwesenheitsnotiz: \(subject)",
                "Message-ID: <\(token(24))@\(domain(of: from))>",
                "In-Reply-To: <\(inReplyTo)>",
                "X-Autoreply: yes",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=ISO-8859-1",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Sehr geehrte Damen und Herren,",
                "",
                "vielen Dank f=FCr Ihre Nachricht. Ich bin bis 03.12.2026 nicht im B=FCro und =",
                "habe keinen Zugriff auf meine E-Mails.",
                "",
                "In dringenden F=E4llen wenden Sie sich bitte an team@\(domain(of: from)).",
                "",
                "Mit freundlichen Gr=FC=DFen",
                name(of: from),
                "",
            ])
        case .french:
            let server = "PR3P192MB0843.EURP192.PROD.OUTLOOK.COM"
            return message([
                "From: \(name(of: from)) <\(from)>",
                "To: \(name(of: to)) <\(to)>",
                "Subject: \(qEncoded("Réponse automatique : \(subject)"))",
                "Thread-Topic: \(subject)",
                "Thread-Index: AQHZx2b3Tq0cJ0h8QkWm4Xg2vJ5w9K7yLm0B",
                "Date: Wed, 25 Nov 2026 17:30:12 +0000",
                "Message-ID: <\(outlookID(server))>",
                "References: <\(inReplyTo)>",
                "In-Reply-To: <\(inReplyTo)>",
                "Content-Language: fr-FR",
                "X-MS-Has-Attach:",
                "Content-Type: text/plain; charset=\"utf-8\"",
                "Content-Transfer-Encoding: quoted-printable",
                "MIME-Version: 1.0",
                "",
                "Bonjour,",
                "",
                "Je suis absent du bureau jusqu'au 3 d=C3=A9cembre, avec un acc=C3=A8s limit=",
                "=C3=A9 =C3=A0 mes e-mails. Pour toute demande urgente, merci d'=C3=A9crire =",
                "=C3=A0 team@\(domain(of: from)).",
                "",
                "Cordialement,",
                name(of: from),
                "",
            ])
        case .spanish:
            return message([
                "Date: Wed, 25 Nov 2026 18:30:12 +0100",
                "From: \(name(of: from)) <\(from)>",
                "To: \(to)",
                "Subject: Re: \(subject)",
                "Message-ID: <\(UUID().uuidString.lowercased())@\(domain(of: from))>",
                "In-Reply-To: <\(inReplyTo)>",
                "References: <\(inReplyTo)>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                "Hola:",
                "",
                "Estoy fuera de la oficina hasta el 3 de diciembre. Para asuntos urgentes,",
                "escriba a team@\(domain(of: from)).",
                "",
                "Un saludo,",
                name(of: from),
                "",
            ])
        }
    }

    // MARK: - Bounces

    /// Postfix: a delivery status report (RFC 3464) for a recipient the remote server does not
    /// know: failed, 5.1.1, with the original message's header enclosed. `mailbox` is the sender
    /// the bounce returns to.
    public static func postfixBounce(
        bouncedRecipient: String = "jo@example.test", mailbox: String = "ann@acme.test",
        originalMessageID: String = "reach.5f0c8a52-3f7e-4c53-9a4b-1f6d2e7c9b10@acme.test", originalSubject: String = "Quick question"
    ) -> String {
        let host = "mx.\(domain(of: mailbox))"
        let queueID = token(11).uppercased()
        let boundary = "\(queueID).1795601702/\(host)"
        let remote = "mx.\(domain(of: bouncedRecipient))"
        var lines: [String] = [
            "Return-Path: <>",
            "Received: by \(host) (Postfix)",
            "\tid \(queueID); Wed, 25 Nov 2026 10:15:02 +0000 (UTC)",
            "Date: Wed, 25 Nov 2026 10:15:02 +0000 (UTC)",
            "From: MAILER-DAEMON@\(host) (Mail Delivery System)",
            "Subject: Undelivered Mail Returned to Sender",
            "To: \(mailbox)",
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;",
            "\tboundary=\"\(boundary)\"",
            "Content-Transfer-Encoding: 8bit",
            "Message-Id: <20261125101502.\(queueID)@\(host)>",
            "",
            "This is a MIME-encapsulated message.",
            "",
            "--\(boundary)",
            "Content-Description: Notification",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "This is the mail system at host \(host).",
            "",
            "I'm sorry to have to inform you that your message could not",
            "be delivered to one or more recipients. It's attached below.",
            "",
            "For further assistance, please send mail to postmaster.",
            "",
            "If you do so, please include this problem report. You can",
            "delete your own text from the attached returned message.",
            "",
            "                   The mail system",
            "",
            "<\(bouncedRecipient)>: host \(remote)[203.0.113.25] said: 550 5.1.1",
            "    <\(bouncedRecipient)>: Recipient address rejected: User unknown in local",
            "    recipient table (in reply to RCPT TO command)",
            "",
            "--\(boundary)",
            "Content-Description: Delivery report",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; \(host)",
            "X-Postfix-Queue-ID: \(queueID)",
            "X-Postfix-Sender: rfc822; \(mailbox)",
            "Arrival-Date: Wed, 25 Nov 2026 10:15:01 +0000 (UTC)",
            "",
            "Final-Recipient: rfc822; \(bouncedRecipient)",
            "Original-Recipient: rfc822;\(bouncedRecipient)",
            "Action: failed",
            "Status: 5.1.1",
            "Remote-MTA: dns; \(remote)",
            "Diagnostic-Code: smtp; 550 5.1.1 <\(bouncedRecipient)>: Recipient address rejected:",
            "    User unknown in local recipient table",
            "",
            "--\(boundary)",
            "Content-Description: Undelivered Message Headers",
            "Content-Type: text/rfc822-headers",
            "Content-Transfer-Encoding: 8bit",
            "",
        ]
        lines += originalHeaders(from: mailbox, to: bouncedRecipient, messageID: originalMessageID, subject: originalSubject)
        lines += [
            "",
            "--\(boundary)--",
            "",
        ]
        return message(lines)
    }

    /// Exchange Online: a non-delivery report whose explanation is text and HTML alternatives,
    /// with a report of failed, 5.4.1 ("Recipient address rejected: Access denied") and the
    /// original header enclosed.
    public static func exchangeBounce(
        bouncedRecipient: String = "jo@example.test", mailbox: String = "ann@acme.test",
        originalMessageID: String = "reach.5f0c8a52-3f7e-4c53-9a4b-1f6d2e7c9b10@acme.test", originalSubject: String = "Quick question"
    ) -> String {
        let server = "AM0PR07MB6194.eurprd07.prod.outlook.com"
        let outer = "_000_\(outlookID(server).prefix(40))_"
        let inner = "_001_\(outlookID(server).prefix(40))_"
        let diagnostic = "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5PEPF00014B9A.eurprd04.prod.outlook.com]"
        var lines: [String] = [
            "From: Microsoft Outlook <postmaster@\(domain(of: mailbox))>",
            "To: <\(mailbox)>",
            "Date: Wed, 25 Nov 2026 10:15:04 +0000",
            "Content-Type: multipart/report; report-type=delivery-status;",
            "\tboundary=\"\(outer)\"",
            "Content-Language: en-US",
            "Message-ID: <\(outlookID(server))>",
            "In-Reply-To: <\(originalMessageID)>",
            "References: <\(originalMessageID)>",
            "Thread-Topic: \(originalSubject)",
            "Thread-Index: AQHZx2b3Tq0cJ0h8QkWm4Xg2vJ5w9K7yLm0C",
            "Subject: Undeliverable: \(originalSubject)",
            "Auto-Submitted: auto-replied",
            "X-MS-PublicTrafficType: Email",
            "X-MS-Exchange-Organization-SCL: -1",
            "X-MS-Exchange-Organization-AuthSource: \(server)",
            "MIME-Version: 1.0",
            "",
            "--\(outer)",
            "Content-Type: multipart/alternative; differences=Content-Type;",
            "\tboundary=\"\(inner)\"",
            "",
            "--\(inner)",
            "Content-Type: text/plain; charset=\"us-ascii\"",
            "",
            "Your message to \(bouncedRecipient) couldn't be delivered.",
            "",
            "\(name(of: bouncedRecipient)) wasn't found at \(domain(of: bouncedRecipient)).",
            "",
            "Action Required",
            "Unknown To address",
            "",
            "How to Fix It",
            "The address may be misspelled or may not exist. Check the recipient's address and send the message again.",
            "",
            "Remote Server returned '\(diagnostic)'",
            "",
            "--\(inner)",
            "Content-Type: text/html; charset=\"us-ascii\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "<html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charse=",
            "t=3Dus-ascii\"></head><body><p style=3D\"font-family:Segoe UI;font-size:17px;=",
            "\">Your message to <a href=3D\"mailto:\(bouncedRecipient)\">\(bouncedRecipient)</a> couldn't be =",
            "delivered.</p><p style=3D\"font-family:Segoe UI;font-size:21px;font-weight:bo=",
            "ld\">\(name(of: bouncedRecipient)) wasn't found at \(domain(of: bouncedRecipient)).</p><p>=",
            "<b>Action Required</b><br>Unknown To address</p><p><b>How to Fix It</b><br>Th=",
            "e address may be misspelled or may not exist. Check the recipient's address =",
            "and send the message again.</p><p>Remote Server returned '\(diagnostic)'</p></body></html>",
            "",
            "--\(inner)--",
            "",
            "--\(outer)",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns;\(server)",
            "Received-From-MTA: dns;\(server)",
            "Arrival-Date: Wed, 25 Nov 2026 10:15:01 +0000",
            "",
            "Original-Recipient: rfc822;\(bouncedRecipient)",
            "Final-Recipient: rfc822;\(bouncedRecipient)",
            "Action: failed",
            "Status: 5.4.1",
            "Diagnostic-Code: smtp;\(diagnostic)",
            "",
            "--\(outer)",
            "Content-Type: text/rfc822-headers",
            "",
        ]
        lines += originalHeaders(from: mailbox, to: bouncedRecipient, messageID: originalMessageID, subject: originalSubject)
        lines += [
            "",
            "--\(outer)--",
            "",
        ]
        return message(lines)
    }

    /// Postfix warning that delivery is delayed and still being retried: action delayed, 4.4.7.
    public static func softBounce(
        bouncedRecipient: String = "jo@example.test", mailbox: String = "ann@acme.test",
        originalMessageID: String = "reach.5f0c8a52-3f7e-4c53-9a4b-1f6d2e7c9b10@acme.test", originalSubject: String = "Quick question"
    ) -> String {
        let host = "mx.\(domain(of: mailbox))"
        let queueID = token(11).uppercased()
        let boundary = "\(queueID).1795860902/\(host)"
        let remote = "mx.\(domain(of: bouncedRecipient))"
        var lines: [String] = [
            "Return-Path: <>",
            "Received: by \(host) (Postfix)",
            "\tid \(queueID); Sat, 28 Nov 2026 10:15:02 +0000 (UTC)",
            "Date: Sat, 28 Nov 2026 10:15:02 +0000 (UTC)",
            "From: MAILER-DAEMON@\(host) (Mail Delivery System)",
            "Subject: Delayed Mail (still being retried)",
            "To: \(mailbox)",
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;",
            "\tboundary=\"\(boundary)\"",
            "Content-Transfer-Encoding: 8bit",
            "Message-Id: <20261128101502.\(queueID)@\(host)>",
            "",
            "This is a MIME-encapsulated message.",
            "",
            "--\(boundary)",
            "Content-Description: Notification",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "This is the mail system at host \(host).",
            "",
            "####################################################################",
            "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #",
            "####################################################################",
            "",
            "Your message could not be delivered for more than 3 day(s).",
            "It will be retried until it is 5 day(s) old.",
            "",
            "                   The mail system",
            "",
            "<\(bouncedRecipient)>: host \(remote)[203.0.113.25] said: 451 4.4.7",
            "    Message delayed, please try again later (in reply to end of DATA command)",
            "",
            "--\(boundary)",
            "Content-Description: Delivery report",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; \(host)",
            "X-Postfix-Queue-ID: \(queueID)",
            "X-Postfix-Sender: rfc822; \(mailbox)",
            "Arrival-Date: Wed, 25 Nov 2026 10:15:01 +0000 (UTC)",
            "",
            "Final-Recipient: rfc822; \(bouncedRecipient)",
            "Original-Recipient: rfc822;\(bouncedRecipient)",
            "Action: delayed",
            "Status: 4.4.7",
            "Remote-MTA: dns; \(remote)",
            "Diagnostic-Code: smtp; 451 4.4.7 Message delayed, please try again later",
            "Will-Retry-Until: Mon, 30 Nov 2026 10:15:01 +0000 (UTC)",
            "",
            "--\(boundary)",
            "Content-Description: Undelivered Message Headers",
            "Content-Type: text/rfc822-headers",
            "Content-Transfer-Encoding: 8bit",
            "",
        ]
        lines += originalHeaders(from: mailbox, to: bouncedRecipient, messageID: originalMessageID, subject: originalSubject)
        lines += [
            "",
            "--\(boundary)--",
            "",
        ]
        return message(lines)
    }

    /// qmail: a "failure notice" in plain text only, no delivery status report, with the
    /// original message copied below the explanation.
    public static func nonDSNBounce(
        bouncedRecipient: String = "jo@example.test", mailbox: String = "ann@acme.test",
        originalMessageID: String = "reach.5f0c8a52-3f7e-4c53-9a4b-1f6d2e7c9b10@acme.test", originalSubject: String = "Quick question"
    ) -> String {
        let host = "mx.\(domain(of: bouncedRecipient))"
        var lines: [String] = [
            "Return-Path: <>",
            "Received: (qmail 24807 invoked for bounce); 25 Nov 2026 10:15:02 -0000",
            "Date: 25 Nov 2026 10:15:02 -0000",
            "From: MAILER-DAEMON@\(host)",
            "To: \(mailbox)",
            "Subject: failure notice",
            "Message-ID: <\(UUID().uuidString.lowercased()).qmail@\(host)>",
            "MIME-Version: 1.0",
            "",
            "Hi. This is the qmail-send program at \(host).",
            "I'm afraid I wasn't able to deliver your message to the following addresses.",
            "This is a permanent error; I've given up. Sorry it didn't work out.",
            "",
            "<\(bouncedRecipient)>:",
            "Sorry, no mailbox here by that name. (#5.1.1)",
            "",
            "--- Below this line is a copy of the message.",
            "",
        ]
        lines += originalHeaders(from: mailbox, to: bouncedRecipient, messageID: originalMessageID, subject: originalSubject)
        lines += [
            "",
            "Hi \(name(of: bouncedRecipient)),",
            "",
            "Worth a 15-minute call next week?",
            "",
        ]
        return message(lines)
    }

    // MARK: - Building blocks

    static func message(_ lines: [String]) -> String {
        lines.joined(separator: "\r\n")
    }

    /// The header of a message Reach sent, as a bounce encloses it.
    static func originalHeaders(from: String, to: String, messageID: String, subject: String) -> [String] {
        [
            "Return-Path: <\(from)>",
            "Received: from reach.\(domain(of: from)) (reach.\(domain(of: from)) [198.51.100.7])",
            "\tby mx.\(domain(of: from)) (Postfix) with ESMTPSA id 3F9C21C0B2E",
            "\tfor <\(to)>; Wed, 25 Nov 2026 10:15:01 +0000 (UTC)",
            "From: \(name(of: from)) <\(from)>",
            "To: \(name(of: to)) <\(to)>",
            "Subject: \(subject)",
            "Date: Wed, 25 Nov 2026 10:15:00 +0000",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"reach-\(token(16))\"",
        ]
    }

    /// `<a> <b> <inReplyTo>`, as mail programs extend a thread's References.
    static func threadReferences(_ references: [String], _ inReplyTo: String) -> String {
        (references.last == inReplyTo ? references : references + [inReplyTo]).map { "<\($0)>" }.joined(separator: " ")
    }

    /// `ann.lee@acme.test` -> `Ann Lee`.
    static func name(of address: String) -> String {
        address.prefix { $0 != "@" }.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }

    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? address
    }

    /// Random upper-case hex of the given length, for the unique parts of ids and boundaries.
    static func token(_ length: Int) -> String {
        var text = ""
        while text.count < length { text += UUID().uuidString.replacingOccurrences(of: "-", with: "") }
        return String(text.prefix(length))
    }

    static func outlookID(_ server: String) -> String {
        "\(server.prefix(16))\(token(24))@\(server)"
    }

    /// RFC 2047 Q encoding in words of at most 75 characters, as Outlook writes a non-ASCII subject.
    static func qEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var words: [String] = []
        var current = ""
        for character in text {
            var piece = ""
            for byte in String(character).utf8 {
                switch byte {
                case 0x20: piece += "_"
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: piece.append(Character(Unicode.Scalar(byte)))
                default: piece += "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
                }
            }
            // "=?UTF-8?Q?" and "?=" take 12 of the 75.
            if current.count + piece.count > 63, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current += piece
        }
        if !current.isEmpty { words.append(current) }
        return words.map { "=?UTF-8?Q?\($0)?=" }.joined(separator: "\r\n ")
    }
}
