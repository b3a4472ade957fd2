"""Writes domain/common-passwords.txt: the bases of the passwords people
choose most, as public studies of leaked lists describe them (top lists in
English and French, first names, football clubs, places, keyboard walks,
words of affection, digit runs). Written by hand from those patterns, not
downloaded. The password rule strips separators and the digits and symbols
around a base, so `Soleil-2024!` meets `soleil` here.

Run: python3 scripts/common_passwords.py
"""

from __future__ import annotations

from pathlib import Path

TOP = """
123456 123456789 12345678 12345 1234567 1234567890 111111 000000 123123 654321
password passw0rd password1 motdepasse azerty azertyuiop qwerty qwertyuiop qwertz
qwertzuiop abc123 abcdef abcd1234 iloveyou jetaime jetaimeplus monamour moncoeur
admin administrator administrateur root toor welcome bienvenue letmein trustno1
dragon monkey master shadow sunshine princess football baseball soccer hockey
superman batman spiderman pokemon starwars matrix freedom whatever secret
secrets test tester testing changeme default guest user utilisateur login
connexion access pass passe passwd mdp sesame ouvretoi bonjour salut coucou
hello hellohello bonsoir merci azerty123 qwerty123 doudou loulou chouchou
doudoune nounours bisous bisounours cherie cheri mamour bebe bebou titi toto
tata tutu lolo lili lulu nana nini zizou zozo soleil lune etoile arcenciel
chocolat caramel vanille fraise framboise banane pomme orange citron cerise
printemps ete automne hiver vacances plage montagne liberte egalite fraternite
france paris marseille lyon toulouse nice nantes strasbourg montpellier
bordeaux lille rennes reims toulon grenoble dijon angers nimes brest tours
limoges amiens metz besancon perpignan orleans rouen caen nancy bretagne
normandie provence corse alsace savoie auvergne guadeloupe martinique guyane
reunion mayotte tahiti noumea europe afrique amerique asie maroc algerie
tunisie senegal portugal espagne italie allemagne belgique suisse canada
psg om ol asse losc ogcnice fcnantes olympique allezom allezlesbleus
lesbleus equipedefrance realmadrid barcelona barca juventus liverpool chelsea
arsenal manchester manutd milan inter bayern ajax benfica porto celtic
messi ronaldo neymar mbappe zidane griezmann benzema pogba henry platini
cristiano lebron jordan michael kobe tigger pooh winnie mickey minnie
donald snoopy garfield hellokitty barbie naruto sasuke goku dbz onepiece
luffy pikachu mario luigi zelda link sonic minecraft fortnite roblox
callofduty warcraft wow counterstrike leagueoflegends lol valorant steam
playstation xbox nintendo gamer gaming google facebook instagram snapchat
tiktok youtube twitter whatsapp apple iphone samsung android windows
microsoft linux ubuntu computer ordinateur internet informatique
jesus jesuschrist christ dieu allah bismillah amen angel ange demon diable
lucifer satan heaven enfer paradis love lovely loveyou lover amour amor
forever toujours pourtoujours family famille maman papa mamie papi
frere soeur enfant enfants bebe mariage chance lucky happy heureux
bonheur sourire smile sweet sweetie honey sugar candy cookie cupcake
pepito nutella pizza burger kebab tacos sushi coca cocacola pepsi redbull
vodka whisky biere champagne tequila marijuana weed ganja cannabis
sexy sex sexe hot chaud coquine coquin chaton chatte minou minette
chat chien cheval lapin tigre lion panthere loup renard ours aigle
dauphin papillon tortue poisson souris hamster cochon vache mouton
dog cat puppy kitty tiger lion wolf bear eagle dolphin butterfly
horse bunny rabbit fish mouse piggy monkey1 dragon1 shadow1
black blanc noir rouge bleu vert jaune rose violet orange gris marron
red blue green yellow pink purple white silver gold golden diamond
ferrari porsche lamborghini bmw audi mercedes renault peugeot citroen
toyota honda yamaha kawasaki suzuki ducati harley mustang corvette
music musique rock metal rap hiphop jazz reggae guitar guitare piano
batterie danse dance chanteuse chanteur star superstar rockstar
summer winter spring autumn monday sunday lundi dimanche samedi vendredi
janvier fevrier mars avril mai juin juillet aout septembre octobre
novembre decembre january february march april june july august
september october november december noel christmas paques halloween
school ecole college lycee classe eleve professeur prof prof123 etudiant
student teacher education examen bac brevet diplome math maths francais
anglais histoire science physique chimie sport musique dessin
qwerty12 azerty12 aqwzsx azqswx azerty1 wxcvbn wxcvbnqsdf qsdfghjklm
asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx qazwsxedc 1qaz2wsx 1q2w3e4r
1q2w3e4r5t 1q2w3e 1a2z3e4r 1a2z3e zaq12wsx poiuytreza mlkjhgfdsq
nbvcxw ytrewq poiuyt lkjhgf mnbvcx qweasd qweasdzxc asdqwe zsedrf
aqwxsz azsxdc okmijn plokij mnbvc
"""

NAMES = """
marie jean pierre michel philippe alain nicolas christophe patrick daniel
thomas julien david eric frederic laurent stephane olivier sebastien pascal
francois christian dominique sylvie isabelle nathalie catherine sandrine
valerie christine veronique celine stephanie sophie emilie julie aurelie
laetitia caroline camille chloe emma lea manon ines jade louise alice lina
rose anna mila zoe lou ambre juliette lena eva sarah clara romane lucie
lola margaux pauline marion elodie audrey melanie anais morgane oceane
justine mathilde charlotte jeanne agathe adele victoria gabrielle louna
hugo lucas louis gabriel arthur raphael jules adam leo nathan ethan paul
noah maxime alexandre antoine quentin romain kevin dylan enzo mathis theo
tom clement baptiste valentin florian guillaume benjamin vincent victor
martin simon samuel mathieu matthieu loic anthony jordan jeremy jonathan
yanis rayan mohamed mehdi karim sofiane bilal amine ilyes ibrahim omar
youssef nabil samir rachid fatima aicha yasmine sarah leila nadia samia
ryan liam noe sacha timeo axel tiago eden marius gaspard augustin
james john robert william richard joseph charles christopher matthew
anthony mark donald steven andrew joshua kenneth kevin brian george
timothy ronald jason edward jeffrey ryan jacob gary nicholas eric
jonathan stephen larry justin scott brandon benjamin samuel gregory
alexander frank patrick raymond jack dennis jerry tyler aaron jose adam
nathan henry zachary douglas peter kyle noah ethan jeremy walter christian
keith roger terry austin sean gerald carl harold dylan arthur lawrence
jordan jesse bryan billy bruce gabriel joe logan alan juan albert willie
elijah wayne randy vincent mason roy ralph bobby russell bradley philip
eugene mary patricia jennifer linda elizabeth barbara susan jessica
sarah karen lisa nancy betty sandra margaret ashley kimberly emily donna
michelle carol amanda melissa deborah stephanie dorothy rebecca sharon
laura cynthia amy kathleen angela shirley brenda emma anna pamela nicole
samantha katherine christine helen debra rachel carolyn janet maria
catherine heather diane olivia julie joyce victoria ruth virginia lauren
kelly christina joan evelyn judith andrea hannah megan cheryl jacqueline
martha madison teresa gloria sara janice ann kathryn abigail sophia frances
jean alice judy isabella julia grace amber denise danielle marilyn beverly
charlotte natalie theresa diana brittany doris kayla alexis lori marie
jessie buster charlie bailey max maxou rocky lucky daisy bella molly
sophie chloe coco kiki oscar milo simba nala felix tigrou minou filou
"""

WORDS = """
monkey killer hunter ranger soldier warrior ninja samurai viking pirate
knight wizard magic magie sorcier mystery mystere phoenix phenix thunder
lightning tonnerre orage storm tempete ocean mer riviere foret forest
jungle desert island ile paradise nature planete planet galaxy galaxie
universe univers cosmos space espace rocket fusee alien robot cyborg
android zombie vampire monster monstre ghost fantome skull tete mort
death darkness dark light lumiere fire feu water eau earth terre air
wind vent ice glace snow neige rain pluie cloud nuage sky ciel star
moon sun
qwertyuiopasdfghjkl azertyuiopqsdfghjklm 0123456789 9876543210 987654321
1111111111 0000000000 1212121212 1234512345 1122334455 123321 112233
121212 131313 123654 147258369 159753 753951 789456123 741852963 456789
147852 258963 0987654321 13579 24680 2468 1357 7777777 666666 999999
888888 555555 444444 333333 222222 101010 696969 420420 1234321 12344321
abcdefgh abcdefghij abcdefghijkl abc123456 a1b2c3 a1b2c3d4 aaa111 abc
azertyui qwertyui password123 motdepasse123 123motdepasse motdepasse1
monmotdepasse mdp123 pass123 passe123 secret123 admin123 root123
test123 azerty1234 qwerty1234 iloveyou1 jetaime1 loveyou1 soleil1
bonjour1 bonjour123 doudou1 loulou1 chouchou1 marseille13 paris75
psg75 om13 ol69 password12 password1234 welcome1 welcome123 letmein1
changeme1 default1 master1 sunshine1 princess1 football1 baseball1
superman1 batman1 pokemon1 starwars1 freedom1 whatever1 trustno1
"""


def digit_runs() -> set[str]:
    """Runs and repeats that people type to reach a length."""
    lengths = range(12, 17)
    runs = {"".join(str((s + i) % 10) for i in range(n)) for s in range(10) for n in lengths}
    runs |= {"".join(str((s - i) % 10) for i in range(n)) for s in range(10) for n in lengths}
    runs |= {str(d) * n for d in range(10) for n in lengths}
    runs |= {"12" * 6, "123" * 4, "1234" * 3, "12345" * 3, "123456" * 2, "1212" * 3, "1122" * 3}
    return runs


def words_of(text: str) -> set[str]:
    return {word for word in text.split() if word}


def main() -> None:
    entries = words_of(TOP) | words_of(NAMES) | words_of(WORDS) | digit_runs()
    names = words_of(NAMES)
    entries |= {f"{first}{name}" for first in ("jetaime", "iloveyou", "love") for name in names}
    entries |= {f"{word}{word}" for word in words_of(TOP) if len(word) <= 8}
    entries |= {f"mon{word}" for word in ("amour", "coeur", "cheri", "bebe", "chat", "chien")}
    target = Path(__file__).resolve().parents[1] / "domain" / "common-passwords.txt"
    target.write_text("".join(f"{entry}\n" for entry in sorted(entries)), encoding="utf-8")
    print(f"{len(entries)} entries written to {target.name}")


if __name__ == "__main__":
    main()
