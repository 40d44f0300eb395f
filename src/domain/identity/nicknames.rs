//! Nickname equivalence for US English first names: `BOB` and `ROBERT` share the root `ROBERT`.
//!
//! Each line is `FORMAL: nickname, nickname, ...`. A nickname can belong to several formal names
//! (`AL` is Albert, Alan, Alfred, Alexander); two names are equivalent when their roots intersect.
//! The table is ours, written for this project from common usage.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = "\
ABIGAIL: ABBY, ABBIE, GAIL
ABRAHAM: ABE, BRAM
ALBERT: AL, BERT, BERTIE
ALEXANDER: AL, ALEX, ALEC, XANDER, SANDY, LEX
ALEXANDRA: ALEX, ALEXA, LEXI, SANDRA, SANDY, ALLIE
ALFRED: AL, ALF, FRED, FREDDIE
ALAN: AL
ALLISON: ALLIE, ALLY
AMANDA: MANDY, MANDA
ANDREW: ANDY, DREW
ANGELA: ANGIE
ANN: ANNIE, NANCY
ANNE: ANNIE, NAN
ANTHONY: TONY
ARTHUR: ART, ARTIE
BARBARA: BARB, BARBIE, BABS
BENJAMIN: BEN, BENNY, BENJI
BERNARD: BERNIE
BEVERLY: BEV
BRADLEY: BRAD
CAROLINE: CARRIE, CARO
CATHERINE: CATHY, CATE, KATE, KATIE, KITTY, CAT
CHARLES: CHARLIE, CHUCK, CHAS, CHAZ
CHRISTINA: CHRIS, TINA, CHRISSY
CHRISTINE: CHRIS, TINA, CHRISSY
CHRISTOPHER: CHRIS, KIT, TOPHER
CYNTHIA: CINDY
DANIEL: DAN, DANNY
DANIELLE: DANI
DAVID: DAVE, DAVEY
DEBORAH: DEB, DEBBIE
DENNIS: DENNY
DONALD: DON, DONNIE
DOROTHY: DOT, DOTTIE, DOLLY
DOUGLAS: DOUG
EDWARD: ED, EDDIE, TED, TEDDY, NED
EDWIN: ED, EDDIE
ELEANOR: ELLIE, NELL, NELLIE, NORA
ELIZABETH: LIZ, LIZZIE, BETH, BETSY, BETTY, LIBBY, ELIZA, LISA, ELLIE
EMILY: EM, EMMY, MILLIE
EUGENE: GENE
FRANCES: FRAN, FRANNIE
FRANCIS: FRANK
FRANKLIN: FRANK
FREDERICK: FRED, FREDDIE, FRITZ
GABRIEL: GABE
GABRIELLE: GABBY, ELLIE
GERALD: GERRY, JERRY
GREGORY: GREG
HARRISON: HARRY
HAROLD: HAL, HARRY
HENRY: HANK, HARRY
HERBERT: HERB
IRENE: RENE
ISABEL: IZZY, BELLA
ISABELLA: IZZY, BELLA
JACOB: JAKE
JACQUELINE: JACKIE
JAMES: JIM, JIMMY, JAMIE
JANET: JAN
JEFFREY: JEFF
JENNIFER: JEN, JENNY, JENN
JEREMIAH: JERRY
JEROME: JERRY
JESSICA: JESS, JESSIE
JOANNE: JO, JOJO
JONATHAN: JON, JONNY
JOHN: JACK, JOHNNY
JOSEPH: JOE, JOEY, JOJO
JOSEPHINE: JO, JOSIE
JOSHUA: JOSH
JUDITH: JUDY
KATHERINE: KATHY, KATE, KATIE, KAT, KAY, KIT
KATHLEEN: KATHY, KATE, KAY
KENNETH: KEN, KENNY
KIMBERLY: KIM
LAWRENCE: LARRY
LEONARD: LEO, LEN, LENNY
LOUIS: LOU, LOUIE
MARGARET: MAGGIE, MEG, PEGGY, MARGE, GRETA, MADGE
MARTHA: MARTY, PATTY
MARTIN: MARTY
MARY: MOLLY, POLLY, MAMIE
MATTHEW: MATT
MELISSA: MEL, MISSY
MICHAEL: MIKE, MICKEY, MICK
MICHELLE: SHELLY, MICHE
NATHAN: NATE
NATHANIEL: NATE, NAT
NICHOLAS: NICK, NICKY
NICOLE: NIKKI, NICKY
OLIVIA: LIV, LIVVY
PAMELA: PAM
PATRICIA: PAT, PATTY, TRISH, TRICIA
PATRICK: PAT, PADDY
PETER: PETE
PHILIP: PHIL
PHILLIP: PHIL
RAYMOND: RAY
REBECCA: BECKY, BECCA
RICHARD: RICK, RICKY, DICK, RICH, RICHIE
ROBERT: BOB, BOBBY, ROB, ROBBIE, BERT
RONALD: RON, RONNIE
SAMANTHA: SAM, SAMMY
SAMUEL: SAM, SAMMY
SANDRA: SANDY
SARAH: SADIE, SALLY
STEPHANIE: STEPH
STEPHEN: STEVE, STEVIE
STEVEN: STEVE, STEVIE
SUSAN: SUE, SUSIE, SUZY
TERESA: TERRI, TESS, TESSA
THERESA: TERRI, TESS, TESSA
THEODORE: TED, TEDDY, THEO
THOMAS: TOM, TOMMY
TIMOTHY: TIM, TIMMY
VALERIE: VAL
VICTORIA: VICKY, TORI
VINCENT: VINCE, VINNY
VIRGINIA: GINNY, GINGER
WALTER: WALT, WALLY
WILLIAM: BILL, BILLY, WILL, WILLIE, LIAM
ZACHARY: ZACH, ZACK
";

/// Roots per name: a formal name's root is itself; a nickname's roots are its formal names.
fn roots_table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static TABLE_MAP: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in TABLE.lines() {
            let Some((formal, nicknames)) = line.split_once(':') else { continue };
            let formal = formal.trim();
            map.entry(formal).or_default().push(formal);
            for nickname in nicknames.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                map.entry(nickname).or_default().push(formal);
            }
        }
        for roots in map.values_mut() {
            roots.sort_unstable();
            roots.dedup();
        }
        map
    })
}

/// The formal names a (normalized, upper-case) first name stands for; the name itself when the
/// table does not know it.
pub fn roots(name: &str) -> Vec<&str> {
    match roots_table().get(name) {
        Some(roots) => roots.clone(),
        None => vec![name],
    }
}

/// One root for blocking: the first in alphabetical order.
pub fn blocking_root(name: &str) -> &str {
    roots_table().get(name).and_then(|r| r.first().copied()).unwrap_or(name)
}

/// Whether two first names can be the same person's by nickname.
pub fn equivalent(a: &str, b: &str) -> bool {
    let ra = roots(a);
    roots(b).iter().any(|r| ra.contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_share_roots() {
        assert!(equivalent("BOB", "ROBERT"));
        assert!(equivalent("BILL", "WILL"));
        assert!(equivalent("PEGGY", "MARGARET"));
        assert!(equivalent("AL", "ALEXANDER") && equivalent("AL", "ALBERT"));
        assert!(!equivalent("BOB", "WILLIAM"));
        assert!(equivalent("ZELDA", "ZELDA"));
        assert_eq!(blocking_root("BOBBY"), "ROBERT");
        assert_eq!(blocking_root("NGOC"), "NGOC");
    }
}
