/**
 * German and Spanish stop words (the Snowball lists, diacritics folded as `tokenize` folds them:
 * `für` → `fur`, `qué` → `que`), plus question and filler words that carry no topic.
 */
export const germanStopWords: ReadonlySet<string> = new Set(
  `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm
  andern anderr anders auch auf aus bei bin bis bist da damit dann das dass dasselbe dazu dein deine
  deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben des
  desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du
  durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwas
  euch euer eure eurem euren eurer eures fur gegen gewesen hab habe haben hat hatte hatten hier hin
  hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder
  jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines konnen konnte
  machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit
  muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines
  selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst uber um und
  uns unser unsere unserem unseren unserer unseres unter viel vom von vor wahrend war waren warst was
  weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird
  wirst wo wollen wollte wurde wurden zu zum zur zwar zwischen bitte gibt geht kannst konnte mochte
  wann warum wieso wer wem wen welchen`
    .split(/\s+/)
    .filter(Boolean),
);

export const spanishStopWords: ReadonlySet<string> = new Set(
  `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella
  ellas ellos en entre era erais eramos eran eras eres es esa esas ese eso esos esta estaba estabais
  estabamos estaban estabas estad estada estadas estado estados estamos estan estar estaras estas este
  estemos esto estos estoy estuve fue fuera fueron fui fuimos ha habeis habia habian habias han has hasta
  hay haya he hemos hube hubo la las le les lo los me mi mia mias mio mios mis mucho muchos muy mas nada
  ni no nos nosotras nosotros nuestra nuestras nuestro nuestros o os otra otras otro otros para pero poco
  por porque que quien quienes se sea sean ser sera seran sere si sido siendo sin sobre sois somos son soy
  su sus suya suyas suyo suyos tambien tanto te tendra tendran tenemos tener tengo ti tiene tienen todo
  todos tu tus tuya tuyas tuyo tuyos tuve un una uno unos usted ustedes vosotras vosotros vuestra
  vuestras vuestro vuestros y ya yo puedo puede pueden podria cuanto cuanta cuantos cuantas cual cuales
  debo debe hacer hago hace favor`
    .split(/\s+/)
    .filter(Boolean),
);
