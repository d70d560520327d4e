#!/usr/bin/env python3
"""Writes the real-world-shaped messages of tests/mail/ (the email
channel's corpus, docs/email.md): run once, the .eml files are committed.
Hand-shaped after what mail clients send; each file's first comment-free
lines say what it exercises in its Subject."""
import base64, os

HERE = os.path.dirname(os.path.abspath(__file__))

def w(name, text):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(text.replace('\n', '\r\n').encode('latin-1') if isinstance(text, str) else text)

w('mail_plain_new.eml', """Return-Path: <ann@example.org>
From: Ann Example <Ann@Example.org>
To: Service Desk <help@steward.test>
Cc: Bob Watcher <bob@example.org>, "Outside" <outsider@elsewhere.test>
Subject: Printer on floor 3 is jammed
Date: Thu, 3 Dec 2026 09:00:00 +0000
Message-ID: <plain-new-1@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hello,

the printer on floor 3 jams on every page.

Thanks,
Ann
-- 
Ann Example | Finance | +44 20 0000 0000
""")

w('mail_outlook_html_only.eml', """From: "Carl Outlook" <carl@example.org>
To: <help@steward.test>
Subject: VPN drops every 10 minutes
Date: Thu, 3 Dec 2026 09:05:00 +0000
Message-ID: <0123456789ABCDEF@EXCH01.example.org>
X-Mailer: Microsoft Outlook 16.0
MIME-Version: 1.0
Content-Type: text/html; charset="windows-1252"
Content-Transfer-Encoding: quoted-printable

<html xmlns:o=3D"urn:schemas-microsoft-com:office:office"><head><meta http-=
equiv=3D"Content-Type" content=3D"text/html; charset=3Dwindows-1252"><style=
>p.MsoNormal {margin:0cm;} .hidden{display:none}</style><script>alert(1)</script></head>
<body lang=3D"EN-GB"><div class=3DWordSection1><p class=3DMsoNormal>Hi team,<=
o:p></o:p></p><p class=3DMsoNormal>The VPN drops every 10&nbsp;minutes &amp=
; I lose my session =96 since Monday.<o:p></o:p></p><ul><li>Laptop: T14</li=
><li>Client: 5.1</li></ul><p class=3DMsoNormal>Regards,<br>Carl</p><div><di=
v style=3D"border:none;border-top:solid #E1E1E1 1.0pt"><p class=3DMsoNormal>=
<b>From:</b> Service Desk<br><b>Sent:</b> Monday<br><b>Subject:</b> old</p>=
</div></div></div></body></html>
""")

png = base64.b64encode(bytes.fromhex('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
                                      '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082')).decode()
w('mail_apple_inline_image.eml', """From: Dana Apple <dana@example.org>
Content-Type: multipart/alternative; boundary="Apple-Mail=_A1"
Mime-Version: 1.0 (Mac OS X Mail 16.0)
Subject: Screen flickers (screenshot inside)
Message-Id: <A1B2C3D4-apple@example.org>
Date: Thu, 3 Dec 2026 09:10:00 +0000
To: help@steward.test

--Apple-Mail=_A1
Content-Transfer-Encoding: 7bit
Content-Type: text/plain; charset=us-ascii

My screen flickers, see the screenshot.

Dana

--Apple-Mail=_A1
Content-Type: multipart/related; type="text/html"; boundary="Apple-Mail=_B2"

--Apple-Mail=_B2
Content-Transfer-Encoding: 7bit
Content-Type: text/html; charset=us-ascii

<html><body>My screen flickers, see the screenshot.<br><img src="cid:img1@apple"><br>Dana</body></html>
--Apple-Mail=_B2
Content-Transfer-Encoding: base64
Content-Disposition: inline; filename="Screen Shot 2026-12-03.png"
Content-Type: image/png; name="Screen Shot 2026-12-03.png"
Content-Id: <img1@apple>

""" + png + """
--Apple-Mail=_B2--

--Apple-Mail=_A1--
""")

w('mail_forwarded_rfc822.eml', """From: Ann Example <ann@example.org>
To: help@steward.test
Subject: Fwd: Invoice rejected by supplier portal
Date: Thu, 3 Dec 2026 09:15:00 +0000
Message-ID: <fwd-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="fwd"

--fwd
Content-Type: text/plain; charset=utf-8

See the forwarded message below: the portal refuses our invoices.

--fwd
Content-Type: message/rfc822
Content-Disposition: attachment

From: portal@supplier.test
To: ann@example.org
Subject: Invoice 4711 rejected
Message-ID: <inner-4711@supplier.test>
Date: Wed, 2 Dec 2026 17:00:00 +0000

Your invoice 4711 was rejected: unknown cost centre.
--fwd--
""")

w('mail_broken_boundary.eml', """From: ann@example.org
To: help@steward.test
Subject: Broken boundary
Message-ID: <broken-boundary@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="never-closed"

--never-closed
Content-Type: text/plain

The boundary of this message is never closed and the next part has none.

--never-closed
Content-Type: application/octet-stream; name="half.bin"
Content-Transfer-Encoding: base64

AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v
--wrong-boundary--
""")

w('mail_invalid_charset_word.eml', """From: =?x-unknown-charset?Q?Eve_=E9vil?= <eve@example.org>
To: help@steward.test
Subject: =?x-unknown?B?w6nDqMOg?= and =?utf-8?Q?caf=C3=A9?= =?iso-8859-1?Q?r=E9sum=E9?= =?utf-8?B?!!!?=
Message-ID: <bad-charset@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset="x-does-not-exist"
Content-Transfer-Encoding: 8bit

Bytes in no known charset: \xe9\xe8\xff\xfe and a NUL-free end.
""")

parts = []
for i in range(1000):
    parts.append('--many\r\nContent-Type: text/plain; name="p%d.txt"\r\nContent-Disposition: attachment; filename="p%d.txt"\r\n\r\npart %d\r\n' % (i, i, i))
w('mail_thousand_parts.eml', ("From: ann@example.org\nTo: help@steward.test\nSubject: A thousand parts\n"
   "Message-ID: <thousand@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"many\"\n\n"
   "--many\nContent-Type: text/plain\n\nBody before a thousand attachments.\n").replace('\n', '\r\n').encode()
   + ''.join(parts).encode() + b'--many--\r\n')

w('mail_missing_message_id.eml', """From: Ann Example <ann@example.org>
To: help@steward.test
Subject: No Message-ID on this one
Date: Thu, 3 Dec 2026 09:20:00 +0000

Some clients and scripts send no Message-ID at all.
""")

w('mail_garbage_base64.eml', """From: ann@example.org
To: help@steward.test
Subject: Garbage base64
Message-ID: <garbage-b64@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="g"

--g
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

VGhpcyBpcyB0ZXh0!!!@@@###$$$%%%^^^&&&***((()))
_-_-_-=====AAAA====
--g
Content-Type: application/pdf; name="../../etc/passwd\x01.pdf"
Content-Transfer-Encoding: base64

%%%%not base64 at all%%%%
--g--
""")

w('mail_reply_to_notification.eml', """From: Ann Example <ann@example.org>
To: help@steward.test
Subject: Re: [INC0000001] Comment added
In-Reply-To: <notification-1@steward>
References: <INC0000001@steward> <notification-1@steward>
Message-ID: <reply-1@example.org>
Date: Thu, 3 Dec 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

It still jams, even after the restart.

On Thu, 3 Dec 2026 at 09:30, Steward <steward@steward.test> wrote:
> A comment was added to INC0000001.
> --
> Steward
""")

w('mail_subject_tag.eml', """From: Ann Example <ann@example.org>
To: help@steward.test
Subject: RE: [INC0000001] printer
Message-ID: <subject-tag@example.org>
Content-Type: text/plain; charset=utf-8

Replying from a client that dropped the headers.

-----Original Message-----
From: Steward
Sent: Thursday
""")

w('mail_auto_reply.eml', """From: Ann Example <ann@example.org>
To: help@steward.test
Subject: Out of office: [INC0000001] printer
Auto-Submitted: auto-replied
X-Autoreply: yes
Message-ID: <ooo@example.org>
Content-Type: text/plain

I am out of the office until Monday.
""")

w('mail_bulk_list.eml', """From: news@vendor.test
To: help@steward.test
Subject: Our December newsletter
Precedence: bulk
List-Id: <news.vendor.test>
Message-ID: <news@vendor.test>
Content-Type: text/plain

Buy more.
""")

w('mail_bounce_dsn.eml', """From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: steward@steward.test
Subject: Undelivered Mail Returned to Sender
Return-Path: <>
Message-ID: <bounce-1@mx.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

--dsn
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--dsn
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
Final-Recipient: rfc822; gone@example.org
Action: failed
Status: 5.1.1

--dsn
Content-Type: text/rfc822-headers

From: steward@steward.test
To: gone@example.org
Subject: [INC0000001] Comment added
Message-ID: <notification-7@steward>

--dsn--
""")

w('mail_latin1_work_note.eml', """From: Agent Smith <agent@example.org>
To: help@steward.test
Subject: Re: [INC0000001] printer
Message-ID: <note-1@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

#note
Called the vendor; the fuser is d=E9fective.

> quoted line
""")

w('mail_smime_signed.eml', """From: ann@example.org
To: help@steward.test
Subject: Signed request
Message-ID: <smime-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"

--sig
Content-Type: text/plain

Please grant me access to the finance share.
--sig
Content-Type: application/pkcs7-signature; name="smime.p7s"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="smime.p7s"

MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAKCAMIIB
--sig--
""")

w('mail_winmail_tnef.eml', """From: carl@example.org
To: help@steward.test
Subject: Outlook rich text
Message-ID: <tnef-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="t"

--t
Content-Type: text/plain

See the attachment.
--t
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="winmail.dat"

eJ8+IgEAAQaQCAAEAAAAAAABAAEAAQeQBgAIAAAA5AQAAAAAAADoAAEIgAcAGAAAAElQTS5NaWNy
--t--
""")
